package sdk

import (
	"fmt"

	"github.com/homer-dev/homer/sdk/internal/pb"
)

// Messages shared by every plugin kind.
type (
	Info              = pb.Info
	Attribute         = pb.Attribute
	Value             = pb.Value
	Diagnostic        = pb.Diagnostic
	ConfigureRequest  = pb.ConfigureRequest
	ConfigureResponse = pb.ConfigureResponse
)

// Language plugin messages.
type (
	SourceFile      = pb.SourceFile
	FileFacts       = pb.FileFacts
	Definition      = pb.Definition
	Field           = pb.Field
	Call            = pb.Call
	Import          = pb.Import
	Span            = pb.Span
	Manifest        = pb.Manifest
	Dependency      = pb.Dependency
	ImportSite      = pb.ImportSite
	ResolveRequest  = pb.ResolveRequest
	ResolveResponse = pb.ResolveResponse
	ResolvedImport  = pb.ResolvedImport
)

// Source plugin messages.
type (
	ExtractRequest = pb.ExtractRequest
	RecordBatch    = pb.RecordBatch
	Record         = pb.Record
	Commit         = pb.Commit
	Person         = pb.Person
	FileChange     = pb.FileChange
	Release        = pb.Release
	FileEntry      = pb.FileEntry
	Module         = pb.Module
	BuildCommand   = pb.BuildCommand
)

// Renderer plugin messages: the render model and the files made from it.
type (
	Model           = pb.Model
	Summary         = pb.Summary
	FileModel       = pb.FileModel
	EntityModel     = pb.EntityModel
	ModuleModel     = pb.ModuleModel
	CoChangeSet     = pb.CoChangeSet
	Risk            = pb.Risk
	RiskReason      = pb.RiskReason
	Related         = pb.Related
	DefinitionModel = pb.DefinitionModel
	Partner         = pb.CoChangePartner
	Edge            = pb.Edge
	Community       = pb.Community
	Coupling        = pb.CommunityCoupling
	TreemapCell     = pb.TreemapCell
	Conventions     = pb.Conventions
	Share           = pb.Share
	Affix           = pb.Affix
	NamingStyle     = pb.NamingConvention
	TestStyle       = pb.TestConvention
	DocStyle        = pb.DocConvention
	ErrorStyle      = pb.ErrorConvention
	CommitStyle     = pb.CommitConvention
	AddPattern      = pb.AddPattern
	PatternFile     = pb.PatternFile
	PatternCommit   = pb.PatternCommit
	ConventionFile  = pb.ConventionFile
	Deprecation     = pb.Deprecation
	OutputFile      = pb.OutputFile
	RenderResponse  = pb.RenderResponse
)

// AttributeType is the type of a configuration attribute.
type AttributeType = pb.Attribute_Type

// Attribute types for a plugin's configuration schema.
const (
	TypeString = pb.Attribute_STRING
	TypeNumber = pb.Attribute_NUMBER
	TypeBool   = pb.Attribute_BOOL
	TypeList   = pb.Attribute_LIST
)

// Diagnostic severities.
const (
	SeverityError   = pb.Diagnostic_ERROR
	SeverityWarning = pb.Diagnostic_WARNING
	SeverityInfo    = pb.Diagnostic_INFO
)

// Plugin kinds as they appear in Info.Kind and in homer.hcl block types.
const (
	KindLanguage = "language"
	KindSource   = "source"
	KindRenderer = "renderer"
)

// MarkerSpec opens an import spec that no import statement wrote: a
// plugin's marker for a link its language makes otherwise (an attribute
// naming a module's file, a build tool handing a test its crate's binary).
// It resolves like any spec, and the core leaves it out of what it reports
// of the imports people write (the tests' frameworks).
const MarkerSpec = "#["

// ModelSchemaVersion is the version of the render model this SDK produces and
// expects. It moves only when a field of the model is removed or changes
// meaning; a field added (a new proto3 field number) leaves it where it is,
// and a renderer built against an older SDK decodes the newer model,
// ignoring what it does not know. A renderer may therefore assume every
// field it was built with is present with the meaning it was built with,
// as long as the model's version equals the one it was built against
// (CheckModel, which every renderer calls first, refuses a newer one).
const ModelSchemaVersion = 1

// CheckModel refuses a model newer than the SDK the renderer name was
// built with: its fields could have changed meaning.
func CheckModel(name string, m *Model) error {
	if v := m.GetSchemaVersion(); v > ModelSchemaVersion {
		return fmt.Errorf("%s: render model schema %d is newer than this renderer understands (%d)", name, v, ModelSchemaVersion)
	}
	return nil
}

// Record constructors keep the oneof wrappers out of plugin code.

func CommitRecord(c *Commit) *Record     { return &Record{Kind: &pb.Record_Commit{Commit: c}} }
func ReleaseRecord(r *Release) *Record   { return &Record{Kind: &pb.Record_Release{Release: r}} }
func FileRecord(f *FileEntry) *Record    { return &Record{Kind: &pb.Record_File{File: f}} }
func ModuleRecord(m *Module) *Record     { return &Record{Kind: &pb.Record_Module{Module: m}} }
func ManifestRecord(m *Manifest) *Record { return &Record{Kind: &pb.Record_Manifest{Manifest: m}} }
func CommandRecord(c *BuildCommand) *Record {
	return &Record{Kind: &pb.Record_Command{Command: c}}
}

// Value constructors for defaults and configuration.

func String(s string) *Value  { return &Value{Kind: &pb.Value_Str{Str: s}} }
func Number(n float64) *Value { return &Value{Kind: &pb.Value_Num{Num: n}} }
func Bool(b bool) *Value      { return &Value{Kind: &pb.Value_Flag{Flag: b}} }
func List(items ...string) *Value {
	return &Value{Kind: &pb.Value_List{List: &pb.StringList{Items: items}}}
}

// Errorf builds an error diagnostic.
func Errorf(attribute, format string, args ...any) *Diagnostic {
	return &Diagnostic{Severity: SeverityError, Attribute: attribute, Summary: sprintf(format, args...)}
}

// Warnf builds a warning diagnostic about a file.
func Warnf(path string, line int, format string, args ...any) *Diagnostic {
	return &Diagnostic{Severity: SeverityWarning, Path: path, Line: int32(line), Summary: sprintf(format, args...)}
}
