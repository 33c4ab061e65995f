/* Declared here, defined in C++ with C linkage. */
int cpp_entry(void);

int use(void) {
    return cpp_entry();
}
