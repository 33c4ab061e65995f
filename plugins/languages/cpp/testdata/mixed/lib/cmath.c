/* A C function the C++ code calls. */
int c_add(int a, int b) {
    return a + b;
}
