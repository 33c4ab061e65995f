package cfamily

import "strings"

// cLibrary holds the C standard library's and POSIX's common functions and
// function-like macros: a call to one of them reaches the system, not the
// repository, unless the file itself declares the name.
var cLibrary = setOf(`
abort abs acos asin assert atan atan2 atexit atof atoi atol atoll bsearch calloc ceil clearerr clock cos cosh
ctime difftime div exit _exit exp fabs fclose feof ferror fflush fgetc fgetpos fgets floor fmod fopen fprintf
fputc fputs fread free freopen frexp fscanf fseek fsetpos ftell fwrite getc getchar getenv gets gmtime isalnum
isalpha iscntrl isdigit isgraph islower isprint ispunct isspace isupper isxdigit isblank labs ldexp ldiv
localtime log log10 log2 longjmp malloc mblen mbstowcs mbtowc memchr memcmp memcpy memmove memset mktime modf
perror pow printf putc putchar puts qsort raise rand realloc remove rename rewind scanf setbuf setjmp setlocale
setvbuf signal sin sinh snprintf sprintf sqrt srand sscanf strcat strchr strcmp strcoll strcpy strcspn strerror
strftime strlen strncat strncmp strncpy strpbrk strrchr strspn strstr strtod strtof strtok strtol strtold strtoll
strtoul strtoull strxfrm system tan tanh time tmpfile tmpnam tolower toupper ungetc va_arg va_copy va_end
va_start vfprintf vprintf vsnprintf vsprintf vfscanf vscanf vsscanf wcslen wcscpy wcscmp fmin fmax round lround
llround trunc isnan isinf isfinite aligned_alloc offsetof static_assert
strdup strndup strnlen strcasecmp strncasecmp strtok_r strerror_r strsep strlcpy strlcat memmem stpcpy
open close read write lseek pread pwrite fcntl ioctl fork vfork execv execve execvp execl execlp waitpid wait
pipe dup dup2 getpid getppid getuid geteuid getgid kill sleep usleep nanosleep alarm unlink rmdir mkdir chdir
getcwd access stat fstat lstat chmod chown fsync fdatasync ftruncate truncate mmap munmap mprotect madvise
select poll epoll_create epoll_ctl epoll_wait kqueue kevent socket bind listen accept accept4 connect send recv
sendto recvfrom sendmsg recvmsg shutdown setsockopt getsockopt getsockname getpeername getaddrinfo freeaddrinfo
gai_strerror gethostbyname inet_ntop inet_pton inet_addr inet_ntoa htons htonl ntohs ntohl gettimeofday
clock_gettime localtime_r gmtime_r ctime_r asctime strptime opendir readdir closedir realpath dirname basename
fdopen fileno popen pclose getline isatty sysconf syslog openlog closelog dlopen dlsym dlclose dlerror
pthread_create pthread_join pthread_detach pthread_self pthread_mutex_init pthread_mutex_lock
pthread_mutex_unlock pthread_mutex_destroy pthread_mutex_trylock pthread_cond_init pthread_cond_wait
pthread_cond_signal pthread_cond_broadcast pthread_cond_destroy pthread_cond_timedwait pthread_once
pthread_key_create pthread_getspecific pthread_setspecific pthread_attr_init pthread_attr_setstacksize
pthread_sigmask pthread_cancel pthread_kill sigaction sigemptyset sigaddset sigprocmask backtrace
`)

// cppLibrary holds names of the C++ standard library that code reaches
// unqualified (after `using namespace std`, or by argument-dependent
// lookup).
var cppLibrary = setOf(`
move forward swap exchange make_pair make_tuple make_unique make_shared tie get begin end cbegin cend rbegin rend
size empty data sort stable_sort find find_if find_if_not count count_if copy copy_if fill transform accumulate
min max minmax clamp min_element max_element for_each all_of any_of none_of remove_if unique reverse lower_bound
upper_bound equal_range binary_search iota distance advance next prev back_inserter inserter to_string stoi stol
stoll stoul stoull stof stod getline declval addressof static_pointer_cast dynamic_pointer_cast
invoke ref cref bind visit holds_alternative get_if launder
`)

// cppKeywordCalls are C++ operators that the grammar parses as calls.
var cppKeywordCalls = setOf(`static_cast dynamic_cast const_cast reinterpret_cast sizeof alignof decltype typeid noexcept`)

// standardHeaders are the headers of the C and C++ standard libraries and
// the common POSIX ones: an include of one is external even when a
// repository file happens to share its name.
var standardHeaders = setOf(`
assert.h complex.h ctype.h errno.h fenv.h float.h inttypes.h iso646.h limits.h locale.h math.h setjmp.h signal.h
stdalign.h stdarg.h stdatomic.h stdbool.h stddef.h stdint.h stdio.h stdlib.h stdnoreturn.h string.h tgmath.h
threads.h time.h uchar.h wchar.h wctype.h
unistd.h fcntl.h pthread.h dirent.h dlfcn.h poll.h sched.h semaphore.h strings.h syslog.h termios.h netdb.h
sys/types.h sys/stat.h sys/time.h sys/socket.h sys/wait.h sys/mman.h sys/select.h sys/uio.h sys/un.h
sys/ioctl.h sys/resource.h sys/param.h sys/epoll.h sys/event.h sys/file.h sys/utsname.h sys/syscall.h
netinet/in.h netinet/tcp.h arpa/inet.h windows.h winsock2.h ws2tcpip.h
algorithm any array atomic bit bitset cassert cctype cerrno cfloat charconv chrono cinttypes climits clocale
cmath codecvt compare complex concepts condition_variable coroutine csetjmp csignal cstdarg cstddef cstdint
cstdio cstdlib cstring ctime cuchar cwchar cwctype deque exception execution expected filesystem format
forward_list fstream functional future initializer_list iomanip ios iosfwd iostream istream iterator limits
list locale map memory memory_resource mutex new numbers numeric optional ostream queue random ranges ratio
regex scoped_allocator set shared_mutex source_location span sstream stack stdexcept stop_token streambuf
string string_view syncstream system_error thread tuple type_traits typeindex typeinfo unordered_map
unordered_set utility valarray variant vector version
`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// isStdRef reports whether a reference names the C++ standard library.
func isStdRef(ref string) bool { return ref == "std" || strings.HasPrefix(ref, "std.") }
