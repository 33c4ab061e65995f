#include "../lib/bridge.hpp"

extern "C" int cpp_entry(void) {
    return c_add(1, 2);
}
