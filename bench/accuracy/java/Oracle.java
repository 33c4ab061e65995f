import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.AnnotationMemberDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.resolution.declarations.ResolvedConstructorDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedMethodDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.model.SymbolReference;
import com.github.javaparser.symbolsolver.JavaSymbolSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.CombinedTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.JavaParserTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.ReflectionTypeSolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resolves every call in a Java repository with JavaParser's symbol solver
 * and prints caller and callee in Homer's naming (path#Outer.Inner.member).
 *
 * <p>Output, one call site or import a line, tab-separated:
 *
 * <pre>
 * call     KIND CALLER CALLEE NAME   a call resolved to a repository definition
 * external KIND CALLER -      NAME   resolved outside the repository
 * unknown  KIND CALLER -      NAME   the solver failed
 * import   FROM TO                   a single-type or static import of a repository type
 * </pre>
 *
 * Callers follow Homer's convention: a call in a method or constructor of a named
 * type belongs to it; in a field initialiser, an initialiser block or an enum
 * constant, to the type; in an anonymous or local class, to the enclosing
 * named member. Callees: a method or constructor of a named type; a class
 * constructed through its default constructor is the class itself.
 */
public class Oracle {
  static Path root;

  public static void main(String[] args) throws IOException {
    root = Paths.get(args[0]).toAbsolutePath().normalize();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !root.relativize(p).toString().startsWith(".git"))
          .forEach(files::add);
    }
    TreeSet<Path> roots = new TreeSet<>();
    Pattern pkg = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    for (Path f : files) {
      String src = Files.readString(f);
      Matcher m = pkg.matcher(src);
      Path dir = f.getParent();
      if (m.find()) {
        String[] segs = m.group(1).split("\\.");
        boolean ok = true;
        for (int i = segs.length - 1; i >= 0 && ok; i--) {
          if (dir == null || !dir.getFileName().toString().equals(segs[i])) {
            ok = false;
          } else {
            dir = dir.getParent();
          }
        }
        if (!ok) continue;
      }
      if (dir != null) roots.add(dir);
    }
    CombinedTypeSolver solver = new CombinedTypeSolver(new ReflectionTypeSolver(true));
    for (Path r : roots) solver.add(new JavaParserTypeSolver(r));
    ParserConfiguration cfg = new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21)
        .setSymbolResolver(new JavaSymbolSolver(solver));
    JavaParser parser = new JavaParser(cfg);
    try (PrintWriter out = new PrintWriter(System.out)) {
      for (Path f : files) {
        ParseResult<CompilationUnit> res = parser.parse(f);
        if (res.getResult().isEmpty()) continue;
        CompilationUnit cu = res.getResult().get();
        String from = rel(f);
        for (MethodCallExpr c : cu.findAll(MethodCallExpr.class)) {
          emit(out, "method", from, c, c.getNameAsString(), () -> method(c.resolve()));
        }
        for (ObjectCreationExpr c : cu.findAll(ObjectCreationExpr.class)) {
          emit(out, "new", from, c, c.getType().getNameAsString(), () -> ctor(c.resolve()));
        }
        for (ExplicitConstructorInvocationStmt c : cu.findAll(ExplicitConstructorInvocationStmt.class)) {
          emit(out, "ctor", from, c, c.isThis() ? "this" : "super", () -> ctor(c.resolve()));
        }
        for (MethodReferenceExpr c : cu.findAll(MethodReferenceExpr.class)) {
          if (c.getIdentifier().equals("new")) continue;
          emit(out, "ref", from, c, c.getIdentifier(), () -> method(c.resolve()));
        }
        for (ImportDeclaration imp : cu.getImports()) {
          if (imp.isAsterisk()) continue;
          String name = imp.getNameAsString();
          if (imp.isStatic()) name = name.substring(0, name.lastIndexOf('.'));
          try {
            SymbolReference<ResolvedReferenceTypeDeclaration> t = solver.tryToSolveType(name);
            if (t.isSolved()) {
              String to = typeFile(t.getCorrespondingDeclaration());
              if (to != null && !to.equals(from)) out.println("import\t" + from + "\t" + to);
            }
          } catch (RuntimeException e) {
            // an import the solver cannot place is left out
          }
        }
      }
    }
  }

  interface Target {
    String get();
  }

  static void emit(PrintWriter out, String kind, String from, Node site, String name, Target t) {
    String caller = caller(site);
    if (caller == null) return;
    caller = from + "#" + caller;
    String callee;
    try {
      callee = t.get();
    } catch (Throwable e) {
      out.println("unknown\t" + kind + "\t" + caller + "\t-\t" + name);
      return;
    }
    if (callee == null) {
      out.println("external\t" + kind + "\t" + caller + "\t-\t" + name);
    } else {
      out.println("call\t" + kind + "\t" + caller + "\t" + callee + "\t" + name);
    }
  }

  /** The qualified name of the innermost named member holding n, or null at top level. */
  static String caller(Node n) {
    for (Node p = n.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
      if (p instanceof CallableDeclaration<?> cd) {
        Node owner = cd.getParentNode().orElse(null);
        if (owner instanceof TypeDeclaration<?> td && named(td)) {
          String m = member(cd, cd.getNameAsString());
          return m == null ? null : m.substring(m.indexOf('#') + 1);
        }
      } else if (p instanceof EnumConstantDeclaration) {
        continue;
      } else if (p instanceof TypeDeclaration<?> td && named(td)) {
        return typeName(td);
      }
    }
    return null;
  }

  /** A type declared at top level or as a member of a named type. */
  static boolean named(TypeDeclaration<?> td) {
    Node parent = td.getParentNode().orElse(null);
    if (parent instanceof CompilationUnit) return true;
    if (parent instanceof TypeDeclaration<?> outer) return named(outer);
    return false;
  }

  static String typeName(TypeDeclaration<?> td) {
    String name = td.getNameAsString();
    Node parent = td.getParentNode().orElse(null);
    if (parent instanceof TypeDeclaration<?> outer) {
      String o = typeName(outer);
      return o == null ? null : o + "." + name;
    }
    return name;
  }

  static String rel(Path p) {
    return root.relativize(p.toAbsolutePath().normalize()).toString();
  }

  static String fileOf(Node n) {
    Optional<CompilationUnit> cu = n.findCompilationUnit();
    if (cu.isEmpty() || cu.get().getStorage().isEmpty()) return null;
    Path p = cu.get().getStorage().get().getPath().toAbsolutePath().normalize();
    if (!p.startsWith(root)) return null;
    return rel(p);
  }

  /**
   * path#Type.member for a member of a named repository type, else null. Overloads
   * are numbered as Homer numbers definitions sharing a qualified name: the second
   * in source order is "~2".
   */
  static String member(Node decl, String name) {
    Node owner = decl.getParentNode().orElse(null);
    if (!(owner instanceof TypeDeclaration<?> td) || !named(td)) return null;
    String f = fileOf(decl);
    String t = typeName(td);
    if (f == null || t == null) return null;
    int index = 0;
    for (Object m : td.getMembers()) {
      if (m == decl) break;
      if (m instanceof CallableDeclaration<?> cd && cd.getNameAsString().equals(name)) index++;
      if (m instanceof AnnotationMemberDeclaration amd && amd.getNameAsString().equals(name)) index++;
    }
    return f + "#" + t + "." + name + (index > 0 ? "~" + (index + 1) : "");
  }

  static String method(ResolvedMethodDeclaration m) {
    Optional<Node> ast = m.toAst();
    if (ast.isEmpty()) return null;
    Node n = ast.get();
    if (n instanceof MethodDeclaration md) return member(md, md.getNameAsString());
    if (n instanceof AnnotationMemberDeclaration amd) return member(amd, amd.getNameAsString());
    return null;
  }

  static String ctor(ResolvedConstructorDeclaration c) {
    Optional<Node> ast = c.toAst();
    if (ast.isPresent() && ast.get() instanceof ConstructorDeclaration cd) {
      return member(cd, cd.getNameAsString());
    }
    // the default constructor: the class itself
    String f = typeFile(c.declaringType());
    if (f == null) return null;
    return f + "#" + typeName((TypeDeclaration<?>) c.declaringType().toAst().get());
  }

  static String typeFile(ResolvedReferenceTypeDeclaration t) {
    Optional<Node> ast = t.toAst();
    if (ast.isEmpty() || !(ast.get() instanceof TypeDeclaration<?> td) || !named(td)) return null;
    String f = fileOf(td);
    String q = typeName(td);
    if (f == null || q == null) return null;
    return f;
  }
}
