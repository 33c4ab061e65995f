package ecma

import (
	"sync"

	tsjs "github.com/smacker/go-tree-sitter/javascript"
	tstsx "github.com/smacker/go-tree-sitter/typescript/tsx"
	tsts "github.com/smacker/go-tree-sitter/typescript/typescript"

	"github.com/homer-dev/homer/sdk/treesitter"
)

// kind is what the extractor needs to know about a node type. The three
// grammars share their node names, so one table of names serves them all;
// each grammar gets its own symbol table built from it. kOther, the zero
// kind, is every type kindNames does not name.
type kind uint8

const (
	kOther kind = iota
	kLeaf
	kComment
	kProgram
	kImport
	kImportClause
	kNamedImports
	kImportSpecifier
	kNamespaceImport
	kImportRequire
	kExport
	kExportClause
	kExportSpecifier
	kNamespaceExport
	kFunctionDecl
	kFunctionExpr
	kArrow
	kMethod
	kClassDecl
	kClassExpr
	kClassHeritage
	kExtendsClause
	kImplementsClause
	kClassBody
	kField
	kAbstractMethod
	kMethodSignature
	kPropertySignature
	kInterface
	kExtendsTypeClause
	kObjectType
	kTypeAlias
	kEnum
	kNamespace
	kAmbient
	kFunctionSignature
	kLexical
	kDeclarator
	kCall
	kNew
	kMember
	kSubscript
	kParen
	kNonNull
	kAs
	kSatisfies
	kAwait
	kTypeAssertion
	kIdentifier
	kPropertyIdentifier
	kPrivateName
	kThis
	kSuper
	kShorthandPattern
	kObjectPattern
	kArrayPattern
	kPairPattern
	kAssignPattern
	kRestPattern
	kObjectAssignPattern
	kRequiredParam
	kOptionalParam
	kFormalParams
	kAccessibility
	kReadonly
	kTypeAnnotation
	kTypeIdentifier
	kNestedTypeIdentifier
	kGenericType
	kUnionType
	kParenType
	kThisType
	kLiteralType
	kPredefinedType
	kTypeParameters
	kTypeParameter
	kAssignment
	kString
	kTemplateString
	kDynamicImport
	kDecorator
	kCatch
	kForIn
	kStatementBlock
	kExprStatement
	kObject
	kPair
	kShorthandProperty
	kJSXOpen
	kJSXSelfClosing
	kThrow
	// Branches, for complexity.
	kIf
	kLoop
	kSwitchCase
	kTernary
	kBinary
	kCount
)

var kindNames = map[string]kind{
	"string_fragment":                       kLeaf,
	"escape_sequence":                       kLeaf,
	"number":                                kLeaf,
	"regex":                                 kLeaf,
	"true":                                  kLeaf,
	"false":                                 kLeaf,
	"null":                                  kLeaf,
	"undefined":                             kLeaf,
	"hash_bang_line":                        kLeaf,
	"comment":                               kComment,
	"program":                               kProgram,
	"import_statement":                      kImport,
	"import_clause":                         kImportClause,
	"named_imports":                         kNamedImports,
	"import_specifier":                      kImportSpecifier,
	"namespace_import":                      kNamespaceImport,
	"import_require_clause":                 kImportRequire,
	"export_statement":                      kExport,
	"export_clause":                         kExportClause,
	"export_specifier":                      kExportSpecifier,
	"namespace_export":                      kNamespaceExport,
	"function_declaration":                  kFunctionDecl,
	"generator_function_declaration":        kFunctionDecl,
	"function_expression":                   kFunctionExpr,
	"function":                              kFunctionExpr,
	"generator_function":                    kFunctionExpr,
	"arrow_function":                        kArrow,
	"method_definition":                     kMethod,
	"class_declaration":                     kClassDecl,
	"abstract_class_declaration":            kClassDecl,
	"class":                                 kClassExpr,
	"class_heritage":                        kClassHeritage,
	"extends_clause":                        kExtendsClause,
	"implements_clause":                     kImplementsClause,
	"class_body":                            kClassBody,
	"public_field_definition":               kField,
	"field_definition":                      kField,
	"abstract_method_signature":             kAbstractMethod,
	"method_signature":                      kMethodSignature,
	"property_signature":                    kPropertySignature,
	"interface_declaration":                 kInterface,
	"extends_type_clause":                   kExtendsTypeClause,
	"object_type":                           kObjectType,
	"interface_body":                        kObjectType,
	"type_alias_declaration":                kTypeAlias,
	"enum_declaration":                      kEnum,
	"internal_module":                       kNamespace,
	"module":                                kNamespace,
	"ambient_declaration":                   kAmbient,
	"function_signature":                    kFunctionSignature,
	"lexical_declaration":                   kLexical,
	"variable_declaration":                  kLexical,
	"variable_declarator":                   kDeclarator,
	"call_expression":                       kCall,
	"new_expression":                        kNew,
	"member_expression":                     kMember,
	"subscript_expression":                  kSubscript,
	"parenthesized_expression":              kParen,
	"non_null_expression":                   kNonNull,
	"as_expression":                         kAs,
	"satisfies_expression":                  kSatisfies,
	"await_expression":                      kAwait,
	"type_assertion":                        kTypeAssertion,
	"identifier":                            kIdentifier,
	"property_identifier":                   kPropertyIdentifier,
	"private_property_identifier":           kPrivateName,
	"this":                                  kThis,
	"super":                                 kSuper,
	"shorthand_property_identifier_pattern": kShorthandPattern,
	"object_pattern":                        kObjectPattern,
	"array_pattern":                         kArrayPattern,
	"pair_pattern":                          kPairPattern,
	"assignment_pattern":                    kAssignPattern,
	"rest_pattern":                          kRestPattern,
	"object_assignment_pattern":             kObjectAssignPattern,
	"required_parameter":                    kRequiredParam,
	"optional_parameter":                    kOptionalParam,
	"formal_parameters":                     kFormalParams,
	"accessibility_modifier":                kAccessibility,
	"readonly":                              kReadonly,
	"type_annotation":                       kTypeAnnotation,
	"type_identifier":                       kTypeIdentifier,
	"nested_type_identifier":                kNestedTypeIdentifier,
	"generic_type":                          kGenericType,
	"union_type":                            kUnionType,
	"parenthesized_type":                    kParenType,
	"this_type":                             kThisType,
	"literal_type":                          kLiteralType,
	"predefined_type":                       kPredefinedType,
	"type_parameters":                       kTypeParameters,
	"type_parameter":                        kTypeParameter,
	"assignment_expression":                 kAssignment,
	"string":                                kString,
	"template_string":                       kTemplateString,
	"import":                                kDynamicImport,
	"decorator":                             kDecorator,
	"catch_clause":                          kCatch,
	"throw_statement":                       kThrow,
	"for_in_statement":                      kForIn,
	"statement_block":                       kStatementBlock,
	"expression_statement":                  kExprStatement,
	"object":                                kObject,
	"pair":                                  kPair,
	"shorthand_property_identifier":         kShorthandProperty,
	"jsx_opening_element":                   kJSXOpen,
	"jsx_self_closing_element":              kJSXSelfClosing,
	"if_statement":                          kIf,
	"for_statement":                         kLoop,
	"while_statement":                       kLoop,
	"do_statement":                          kLoop,
	"switch_case":                           kSwitchCase,
	"ternary_expression":                    kTernary,
	"binary_expression":                     kBinary,
}

// roles are the kinds the shared qualifier rendering reads.
var roles = map[kind]treesitter.Role{
	kIdentifier:         treesitter.RoleName,
	kPropertyIdentifier: treesitter.RoleName,
	kPrivateName:        treesitter.RoleName,
	kThis:               treesitter.RoleName,
	kSuper:              treesitter.RoleName,
	kMember:             treesitter.RoleMember,
	kCall:               treesitter.RoleCall,
	kSubscript:          treesitter.RoleIndex,
	kParen:              treesitter.RoleParen,
	kNonNull:            treesitter.RoleParen,
	kAs:                 treesitter.RoleParen,
	kSatisfies:          treesitter.RoleParen,
	kAwait:              treesitter.RoleParen,
}

// The tables are built once; they are read-only afterwards and shared by
// concurrent Parse calls.
var (
	typescriptGrammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
		return treesitter.NewGrammar(tsts.GetLanguage(), kindNames, roles)
	})
	tsxGrammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
		return treesitter.NewGrammar(tstsx.GetLanguage(), kindNames, roles)
	})
	javascriptGrammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
		return treesitter.NewGrammar(tsjs.GetLanguage(), kindNames, roles)
	})
)
