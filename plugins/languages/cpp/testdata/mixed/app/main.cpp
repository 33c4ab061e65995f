#include "../lib/bridge.hpp"

int main() {
    return c_add(2, 3) + cpp_entry();
}
