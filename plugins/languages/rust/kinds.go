package rust

import (
	"sync"

	tsrust "github.com/smacker/go-tree-sitter/rust"

	"github.com/homer-dev/homer/sdk/treesitter"
)

// kind is what the extractor needs to know about a node type; the grammar
// looks it up by the node's symbol. kOther, the zero kind, is every type
// kindNames does not name.
type kind uint8

const (
	kOther kind = iota
	kSkip       // subtrees that hold no call: literals, comments, types
	kLineComment
	kBlockComment
	kAttribute
	kInnerAttribute
	kFunction
	kSignature // a function without a body: trait item, extern block
	kStruct
	kEnum
	kTrait
	kImpl
	kTypeItem
	kConst
	kStatic
	kMacroDef
	kMod
	kUse
	kExternCrate
	kForeignMod
	kMacroCall
	kDeclList
	kCall
	kField
	kScoped
	kIdent
	kSelf
	kCrate
	kSuper
	kGenericFn
	kLet
	kBlock
	kClosure
	kIf
	kMatch
	kMatchArm
	kWhile
	kLoop
	kFor
	kBinary
	kTry
	kAwait
	kRef
	kParen
	kStructExpr
	kParam
	kSelfParam
	kTypeIdent
	kScopedType
	kGenericType
	kRefType
	kPointerType
	kDynType
	kAbstractType
	kPrimitive
	kBracketed
	kQualifiedType
	kFieldDecl
	kOrderedFields
	kFieldDecls
	kUseList
	kScopedUseList
	kUseAs
	kUseWildcard
	kTokenTree
	kString
	kTypeParams
	kConstrained
	kTraitBounds
	kWhere
	kWherePred
	kIndex
	kVisibility
	kTypeArgs
	kFieldIdent
	kTupleType
	kTuplePattern
	kMutPattern
)

var kindNames = map[string]kind{
	"string_literal":                 kString,
	"raw_string_literal":             kString,
	"char_literal":                   kSkip,
	"integer_literal":                kSkip,
	"float_literal":                  kSkip,
	"boolean_literal":                kSkip,
	"lifetime":                       kSkip,
	"line_comment":                   kLineComment,
	"block_comment":                  kBlockComment,
	"attribute_item":                 kAttribute,
	"inner_attribute_item":           kInnerAttribute,
	"function_item":                  kFunction,
	"function_signature_item":        kSignature,
	"struct_item":                    kStruct,
	"union_item":                     kStruct,
	"enum_item":                      kEnum,
	"trait_item":                     kTrait,
	"impl_item":                      kImpl,
	"type_item":                      kTypeItem,
	"const_item":                     kConst,
	"static_item":                    kStatic,
	"macro_definition":               kMacroDef,
	"mod_item":                       kMod,
	"use_declaration":                kUse,
	"extern_crate_declaration":       kExternCrate,
	"foreign_mod_item":               kForeignMod,
	"macro_invocation":               kMacroCall,
	"declaration_list":               kDeclList,
	"call_expression":                kCall,
	"field_expression":               kField,
	"scoped_identifier":              kScoped,
	"identifier":                     kIdent,
	"self":                           kSelf,
	"crate":                          kCrate,
	"super":                          kSuper,
	"generic_function":               kGenericFn,
	"let_declaration":                kLet,
	"block":                          kBlock,
	"closure_expression":             kClosure,
	"if_expression":                  kIf,
	"match_expression":               kMatch,
	"match_arm":                      kMatchArm,
	"while_expression":               kWhile,
	"loop_expression":                kLoop,
	"for_expression":                 kFor,
	"binary_expression":              kBinary,
	"try_expression":                 kTry,
	"await_expression":               kAwait,
	"reference_expression":           kRef,
	"parenthesized_expression":       kParen,
	"struct_expression":              kStructExpr,
	"parameter":                      kParam,
	"self_parameter":                 kSelfParam,
	"type_identifier":                kTypeIdent,
	"scoped_type_identifier":         kScopedType,
	"generic_type":                   kGenericType,
	"generic_type_with_turbofish":    kGenericType,
	"reference_type":                 kRefType,
	"pointer_type":                   kPointerType,
	"dynamic_type":                   kDynType,
	"abstract_type":                  kAbstractType,
	"primitive_type":                 kPrimitive,
	"bracketed_type":                 kBracketed,
	"qualified_type":                 kQualifiedType,
	"field_declaration":              kFieldDecl,
	"ordered_field_declaration_list": kOrderedFields,
	"field_declaration_list":         kFieldDecls,
	"use_list":                       kUseList,
	"scoped_use_list":                kScopedUseList,
	"use_as_clause":                  kUseAs,
	"use_wildcard":                   kUseWildcard,
	"token_tree":                     kTokenTree,
	"type_parameters":                kTypeParams,
	"constrained_type_parameter":     kConstrained,
	"trait_bounds":                   kTraitBounds,
	"where_clause":                   kWhere,
	"where_predicate":                kWherePred,
	"index_expression":               kIndex,
	"visibility_modifier":            kVisibility,
	"type_arguments":                 kTypeArgs,
	"field_identifier":               kFieldIdent,
	"tuple_type":                     kTupleType,
	"tuple_pattern":                  kTuplePattern,
	"mut_pattern":                    kMutPattern,
}

// grammar builds the tables once; they are read-only afterwards and shared
// by concurrent Parse calls. The shared call extraction is not used: a
// Rust call's qualifier is a path (a::b::f) or a receiver (x.f), and the
// walk reads both itself.
var grammar = sync.OnceValue(func() *treesitter.Grammar[kind] {
	return treesitter.NewGrammar(tsrust.GetLanguage(), kindNames, nil)
})
