package php

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/homer-dev/homer/plugins/languages/internal/doccomment"
	"github.com/homer-dev/homer/sdk/treesitter"
)

// isTest follows PHPUnit's and Pest's convention: test classes and files
// end in Test.php (tests/Unit/UserTest.php). TestCase.php base classes and
// the fixtures beside them are not tests, nor is a Test.php that names a
// subject no more (Carbon's src/Carbon/Traits/Test.php, the trait that
// fakes "now").
func isTest(p string) bool {
	base := path.Base(p)
	return strings.HasSuffix(base, "Test.php") && base != "Test.php"
}

// builtins are PHP's internal functions and language constructs called
// like functions (a generous list of the standard extensions), lower case:
// PHP function names are case-insensitive.
var builtins = toSet(`
strlen strtolower strtoupper ucfirst lcfirst ucwords trim ltrim rtrim str_replace str_ireplace substr
substr_count substr_replace strpos stripos strrpos strripos strstr stristr strrchr str_contains
str_starts_with str_ends_with str_pad str_repeat str_split strrev strcmp strcasecmp strncmp strncasecmp
strnatcmp strnatcasecmp sprintf printf vsprintf vprintf fprintf sscanf number_format implode explode join
nl2br htmlspecialchars htmlspecialchars_decode html_entity_decode htmlentities strip_tags addslashes
stripslashes quotemeta chr ord lcfirst wordwrap chunk_split similar_text levenshtein soundex metaphone
md5 sha1 crc32 hash hash_hmac hash_equals base64_encode base64_decode bin2hex hex2bin urlencode urldecode
rawurlencode rawurldecode http_build_query parse_str parse_url uniqid random_bytes random_int rand mt_rand
mt_srand srand lcg_value password_hash password_verify crypt str_word_count strtr strspn strcspn
mb_strlen mb_substr mb_strtolower mb_strtoupper mb_strpos mb_str_split mb_convert_encoding mb_check_encoding
mb_internal_encoding mb_strwidth mb_str_pad iconv preg_match preg_match_all preg_replace preg_replace_callback
preg_split preg_quote preg_grep preg_last_error preg_last_error_msg
count sizeof in_array array_key_exists key_exists array_keys array_values array_merge array_merge_recursive
array_replace array_replace_recursive array_combine array_flip array_slice array_splice array_map
array_filter array_reduce array_walk array_walk_recursive array_search array_sum array_product array_unique
array_reverse array_pop array_push array_shift array_unshift array_fill array_fill_keys array_pad
array_chunk array_column array_diff array_diff_key array_diff_assoc array_udiff array_intersect
array_intersect_key array_key_first array_key_last array_is_list array_rand array_count_values range
compact extract list each current key next prev reset end sort rsort usort uasort uksort ksort krsort
asort arsort natsort natcasesort shuffle array_multisort iterator_to_array iterator_count iterator_apply
is_array is_string is_int is_integer is_long is_float is_double is_bool is_null is_numeric is_object
is_callable is_iterable is_countable is_resource is_scalar is_a is_subclass_of isset unset empty
intval floatval boolval strval settype gettype get_debug_type var_dump var_export print_r serialize
unserialize json_encode json_decode json_last_error json_last_error_msg
get_class get_parent_class get_object_vars get_class_methods method_exists property_exists class_exists
interface_exists trait_exists enum_exists function_exists is_a spl_object_hash spl_object_id
spl_autoload_register call_user_func call_user_func_array func_get_args func_num_args func_get_arg
define defined constant die exit eval echo print abs ceil floor round sqrt pow exp log log10 log2 max min
intdiv fmod pi sin cos tan is_nan is_finite is_infinite base_convert bindec decbin hexdec dechex octdec decoct
time microtime hrtime date gmdate mktime gmmktime strtotime checkdate date_default_timezone_set
date_default_timezone_get sleep usleep time_nanosleep
file_exists is_file is_dir is_link is_readable is_writable is_writeable is_executable file_get_contents
file_put_contents file fopen fclose fread fwrite fputs fgets fgetc feof fflush fseek ftell rewind ftruncate
flock fstat stat lstat filesize filemtime fileperms touch unlink rename copy mkdir rmdir opendir readdir
closedir rewinddir scandir glob realpath basename dirname pathinfo tempnam tmpfile sys_get_temp_dir
chmod chown chgrp umask is_uploaded_file move_uploaded_file fpassthru readfile stream_get_contents
stream_context_create stream_get_meta_data stream_copy_to_stream stream_wrapper_register stream_is_local
getcwd chdir getenv putenv ini_get ini_set set_error_handler restore_error_handler set_exception_handler
restore_exception_handler trigger_error user_error error_reporting error_log debug_backtrace
debug_print_backtrace assert header headers_sent setcookie session_start session_id http_response_code
ob_start ob_get_clean ob_get_contents ob_end_clean ob_end_flush flush php_sapi_name php_uname phpversion
version_compare extension_loaded memory_get_usage memory_get_peak_usage gc_collect_cycles
array_key_exists array_any array_all array_find class_implements class_uses iterator_to_array
filter_var filter_input escapeshellarg escapeshellcmd exec shell_exec system passthru proc_open
proc_close popen pclose gethostname mail curl_init curl_setopt curl_exec curl_close curl_error
`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// primitive are the type names that are no class.
var primitive = toSet(`int integer float double string bool boolean array mixed void null never
callable iterable object resource false true scalar numeric`)

// cleanDocBlock strips a /** */ block's markers and each line's leading
// " * ", and writes inline tags as their words (doccomment.InlineTags).
func cleanDocBlock(t string) string {
	t = strings.TrimSuffix(strings.TrimPrefix(t, "/**"), "*/")
	lines := strings.Split(t, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(l, "*")
		lines[i] = strings.TrimRight(strings.TrimPrefix(l, " "), " \t\r")
	}
	return strings.Trim(doccomment.InlineTags(strings.Join(lines, "\n")), "\n ")
}

// tags are the types a PHPDoc block gives.
type tags struct {
	params  map[string]string // "$x" → type as written
	ret     string
	varType string
}

var (
	paramTag  = regexp.MustCompile(`(?m)^@param\s+(\S+)\s+(?:\.\.\.)?(\$[A-Za-z_][A-Za-z0-9_]*)`)
	returnTag = regexp.MustCompile(`(?m)^@return\s+(\S+)`)
	varTag    = regexp.MustCompile(`(?m)^@var\s+(\S+)`)
	// inlineVarTag: `@var Foo $x` typing a local.
	inlineVarTag = regexp.MustCompile(`@var\s+(\S+)\s+(\$[A-Za-z_][A-Za-z0-9_]*)`)
)

func docTags(doc string) tags {
	var t tags
	if !strings.Contains(doc, "@") {
		return t
	}
	for _, m := range paramTag.FindAllStringSubmatch(doc, -1) {
		if t.params == nil {
			t.params = map[string]string{}
		}
		t.params[m[2]] = m[1]
	}
	if m := returnTag.FindStringSubmatch(doc); m != nil {
		t.ret = m[1]
	}
	if m := varTag.FindStringSubmatch(doc); m != nil {
		t.varType = m[1]
	}
	return t
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// syntax is what folding a definition header onto one line must know of
// PHP.
var syntax = treesitter.Syntax{Quotes: "\"'", LineComment: "//", BlockOpen: "/*", BlockClose: "*/", MaxLen: 300}

func oneLine(b []byte) string { return syntax.OneLine(b) }
