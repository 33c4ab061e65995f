package cfamily

import (
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	tsc "github.com/smacker/go-tree-sitter/c"
	tscpp "github.com/smacker/go-tree-sitter/cpp"

	"github.com/homer-dev/homer/sdk/treesitter"
)

// kind is what the walk needs to know of a node type. The C and C++
// grammars share most node names, so one table serves both; names only C++
// has are simply absent from the C grammar. kOther, the zero kind, is every
// type the table does not name.
type kind uint8

const (
	kOther kind = iota
	kLeaf       // literals and tokens: nothing of interest below
	kComment
	kInclude
	kDefine
	kFunctionMacro
	kFunctionDef
	kDeclaration
	kFieldDeclaration
	kTypeDefinition
	kAliasDeclaration
	kStruct
	kUnion
	kEnum
	kClass
	kNamespace
	kNamespaceAlias
	kLinkage
	kTemplate
	kUsing
	kAccess
	kFriend
	kFieldList
	kDeclarationList
	kCompound
	kLambda
	kCall
	kNew
	kFieldExpr
	kQualified
	kTemplateFunction
	kTemplateMethod
	kTemplateType
	kDependentName
	kIdentifier
	kFieldIdentifier
	kTypeIdentifier
	kNamespaceIdentifier
	kDestructorName
	kOperatorName
	kThis
	kParenExpr
	kPointerExpr
	kSubscript
	kCast
	kFunctionDeclarator
	kPointerDeclarator
	kReferenceDeclarator
	kArrayDeclarator
	kParenDeclarator
	kInitDeclarator
	kParameterDecl
	kOptionalParameterDecl
	kVariadicParameterDecl
	kPlaceholderType
	kPrimitiveType
	kSizedType
	kStorageClass
	kVirtual
	kPureVirtual
	kBaseClause
	kTypeDescriptor
	kArgumentList
	kInitializerList
	kFieldInitializerList
	kForRange
	kCatchClause
	// Branches counted by complexity.
	kIf
	kFor
	kWhile
	kDo
	kCase
	kConditional
	kBinary
	kPreprocBlock // #if, #ifdef, #else, #elif: their declarations are walked
)

var kindNames = map[string]kind{
	"comment":                        kComment,
	"string_literal":                 kLeaf,
	"raw_string_literal":             kLeaf,
	"char_literal":                   kLeaf,
	"number_literal":                 kLeaf,
	"true":                           kLeaf,
	"false":                          kLeaf,
	"null":                           kLeaf,
	"nullptr":                        kLeaf,
	"preproc_call":                   kLeaf,
	"preproc_arg":                    kLeaf,
	"preproc_include":                kInclude,
	"preproc_def":                    kDefine,
	"preproc_function_def":           kFunctionMacro,
	"function_definition":            kFunctionDef,
	"declaration":                    kDeclaration,
	"field_declaration":              kFieldDeclaration,
	"type_definition":                kTypeDefinition,
	"alias_declaration":              kAliasDeclaration,
	"struct_specifier":               kStruct,
	"union_specifier":                kUnion,
	"enum_specifier":                 kEnum,
	"class_specifier":                kClass,
	"namespace_definition":           kNamespace,
	"namespace_alias_definition":     kNamespaceAlias,
	"linkage_specification":          kLinkage,
	"template_declaration":           kTemplate,
	"using_declaration":              kUsing,
	"access_specifier":               kAccess,
	"friend_declaration":             kFriend,
	"field_declaration_list":         kFieldList,
	"declaration_list":               kDeclarationList,
	"compound_statement":             kCompound,
	"lambda_expression":              kLambda,
	"call_expression":                kCall,
	"new_expression":                 kNew,
	"field_expression":               kFieldExpr,
	"qualified_identifier":           kQualified,
	"template_function":              kTemplateFunction,
	"template_method":                kTemplateMethod,
	"template_type":                  kTemplateType,
	"dependent_name":                 kDependentName,
	"identifier":                     kIdentifier,
	"field_identifier":               kFieldIdentifier,
	"type_identifier":                kTypeIdentifier,
	"namespace_identifier":           kNamespaceIdentifier,
	"destructor_name":                kDestructorName,
	"operator_name":                  kOperatorName,
	"this":                           kThis,
	"parenthesized_expression":       kParenExpr,
	"pointer_expression":             kPointerExpr,
	"subscript_expression":           kSubscript,
	"cast_expression":                kCast,
	"function_declarator":            kFunctionDeclarator,
	"pointer_declarator":             kPointerDeclarator,
	"reference_declarator":           kReferenceDeclarator,
	"array_declarator":               kArrayDeclarator,
	"parenthesized_declarator":       kParenDeclarator,
	"init_declarator":                kInitDeclarator,
	"parameter_declaration":          kParameterDecl,
	"optional_parameter_declaration": kOptionalParameterDecl,
	"variadic_parameter_declaration": kVariadicParameterDecl,
	"placeholder_type_specifier":     kPlaceholderType,
	"primitive_type":                 kPrimitiveType,
	"sized_type_specifier":           kSizedType,
	"storage_class_specifier":        kStorageClass,
	"virtual":                        kVirtual,
	"pure_virtual_clause":            kPureVirtual,
	"base_class_clause":              kBaseClause,
	"type_descriptor":                kTypeDescriptor,
	"argument_list":                  kArgumentList,
	"initializer_list":               kInitializerList,
	"field_initializer_list":         kFieldInitializerList,
	"for_range_loop":                 kForRange,
	"catch_clause":                   kCatchClause,
	"if_statement":                   kIf,
	"for_statement":                  kFor,
	"while_statement":                kWhile,
	"do_statement":                   kDo,
	"case_statement":                 kCase,
	"conditional_expression":         kConditional,
	"binary_expression":              kBinary,
	"preproc_if":                     kPreprocBlock,
	"preproc_ifdef":                  kPreprocBlock,
	"preproc_else":                   kPreprocBlock,
	"preproc_elif":                   kPreprocBlock,
	"preproc_elifdef":                kPreprocBlock,
}

// roles let the shared qualifier rendering read C and C++ expressions.
var roles = map[kind]treesitter.Role{
	kIdentifier:      treesitter.RoleName,
	kFieldIdentifier: treesitter.RoleName,
	kThis:            treesitter.RoleName,
	kFieldExpr:       treesitter.RoleMember,
	kCall:            treesitter.RoleCall,
	kSubscript:       treesitter.RoleIndex,
	kParenExpr:       treesitter.RoleParen,
}

// The tables are built once per grammar and shared, read-only, by
// concurrent Parse calls.
var (
	grammarC   = sync.OnceValue(func() *treesitter.Grammar[kind] { return treesitter.NewGrammar(tsc.GetLanguage(), kindNames, roles) })
	grammarCPP = sync.OnceValue(func() *treesitter.Grammar[kind] { return treesitter.NewGrammar(tscpp.GetLanguage(), kindNames, roles) })
)

func grammarOf(d Dialect) *treesitter.Grammar[kind] {
	if d == CPP {
		return grammarCPP()
	}
	return grammarC()
}

// language is the tree-sitter language of d.
func language(d Dialect) *sitter.Language { return grammarOf(d).Language() }
