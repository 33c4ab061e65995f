#pragma once

// The C side's functions, and the C++ side's entry point C calls.
extern "C" {
int c_add(int a, int b);
int cpp_entry(void);
}
