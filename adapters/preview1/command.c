/* The command variant: wasi:cli/run's `run` calls the program's _start.
 * A program that ends by proc_exit never comes back here (exit is a trap
 * to the host); returning from _start is success. */
#include "adapter.h"

__attribute__((import_module("__main_module__"), import_name("_start")))
void main_start(void);

EXPORT("wasi:cli/run@" P2_VERSION "#run")
int32_t command_run(void)
{
    main_start();
    return 0; /* result::ok */
}
