/* wit-inspect --wat: the input in the WebAssembly text format. */
#include "inspect.h"

#include "comp/wat_print.h"

bool wat_print(FILE *f, const inspection *in)
{
    comp_buf text = {0};
    comp_error err = {0};
    bool ok = in->component ? comp_component_print_wat(in->component, &text, &err)
                            : comp_module_print_wat(in->module, &text, &err);
    if (ok)
        put_buf(f, &text);
    else
        fprintf(stderr, "%s:%zu: error: %s\n", in->name, err.offset, err.message);
    comp_buf_free(&text);
    return ok;
}
