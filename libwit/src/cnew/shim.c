/* The two helper modules wit-component places around the main module: the
 * shim is instantiated before everything else and hands out trampolines
 * that call through its table; the fixup module runs last and fills the
 * table with the real functions (adapter exports, lowerings that needed
 * the main module's memory). */
#include "cnew/cnew_internal.h"

#include <string.h>

static const uint8_t magic[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
static const char table_name[] = "$imports";

static void type_section(comp_buf *out, const comp_functype *types, uint32_t count)
{
    comp_buf s = {0};
    cn_leb_u32(&s, count);
    for (uint32_t i = 0; i < count; i++)
        cn_functype_bytes(&s, &types[i]);
    cn_section(out, COMP_SEC_TYPE, &s);
    comp_buf_free(&s);
}

static void slot_name(char *buf, uint32_t i)
{
    char tmp[12];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + i % 10);
        i /= 10;
    } while (i);
    for (int k = 0; k < n; k++)
        buf[k] = tmp[n - 1 - k];
    buf[n] = 0;
}

static void table_type(comp_buf *s, uint32_t count)
{
    comp_buf_byte(s, COMP_FUNCREF);
    comp_buf_byte(s, 0x01);
    cn_leb_u32(s, count);
    cn_leb_u32(s, count);
}

bool cn_shim_module(const comp_functype *types, uint32_t count, comp_buf *out)
{
    char name[12];
    comp_buf_append(out, magic, sizeof magic);
    type_section(out, types, count);

    comp_buf s = {0};
    cn_leb_u32(&s, count);
    for (uint32_t i = 0; i < count; i++)
        cn_leb_u32(&s, i);
    cn_section(out, COMP_SEC_FUNCTION, &s);
    s.len = 0;

    cn_leb_u32(&s, 1);
    table_type(&s, count);
    cn_section(out, COMP_SEC_TABLE, &s);
    s.len = 0;

    cn_leb_u32(&s, count + 1);
    for (uint32_t i = 0; i < count; i++) {
        slot_name(name, i);
        cn_name(&s, name, strlen(name));
        comp_buf_byte(&s, COMP_EXTERN_FUNC);
        cn_leb_u32(&s, i);
    }
    cn_name(&s, table_name, sizeof table_name - 1);
    comp_buf_byte(&s, COMP_EXTERN_TABLE);
    cn_leb_u32(&s, 0);
    cn_section(out, COMP_SEC_EXPORT, &s);
    s.len = 0;

    /* Each trampoline passes its parameters on to slot i. */
    cn_leb_u32(&s, count);
    comp_buf body = {0};
    for (uint32_t i = 0; i < count; i++) {
        body.len = 0;
        cn_leb_u32(&body, 0); /* no locals */
        for (uint32_t p = 0; p < types[i].param_count; p++) {
            comp_buf_byte(&body, 0x20);
            cn_leb_u32(&body, p);
        }
        comp_buf_byte(&body, 0x41); /* i32.const i (non-negative: fits s32 LEB) */
        {
            uint32_t v = i;
            for (;;) {
                uint8_t byte = v & 0x7f;
                v >>= 7;
                if (v == 0 && !(byte & 0x40)) {
                    comp_buf_byte(&body, byte);
                    break;
                }
                comp_buf_byte(&body, (uint8_t)(byte | 0x80));
            }
        }
        comp_buf_byte(&body, 0x11);
        cn_leb_u32(&body, i);
        cn_leb_u32(&body, 0);
        comp_buf_byte(&body, 0x0b);
        cn_leb_u32(&s, (uint32_t)body.len);
        comp_buf_append(&s, body.data, body.len);
    }
    cn_section(out, COMP_SEC_CODE, &s);
    bool ok = !s.oom && !body.oom && !out->oom;
    comp_buf_free(&s);
    comp_buf_free(&body);
    return ok;
}

bool cn_fixup_module(const comp_functype *types, uint32_t count, comp_buf *out)
{
    char name[12];
    comp_buf_append(out, magic, sizeof magic);
    type_section(out, types, count);

    comp_buf s = {0};
    cn_leb_u32(&s, count + 1);
    for (uint32_t i = 0; i < count; i++) {
        cn_name(&s, "", 0);
        slot_name(name, i);
        cn_name(&s, name, strlen(name));
        comp_buf_byte(&s, COMP_EXTERN_FUNC);
        cn_leb_u32(&s, i);
    }
    cn_name(&s, "", 0);
    cn_name(&s, table_name, sizeof table_name - 1);
    comp_buf_byte(&s, COMP_EXTERN_TABLE);
    table_type(&s, count);
    cn_section(out, COMP_SEC_IMPORT, &s);
    s.len = 0;

    /* One active segment at offset 0 of table 0: flags 0, i32.const 0. */
    cn_leb_u32(&s, 1);
    comp_buf_byte(&s, 0x00);
    comp_buf_byte(&s, 0x41);
    comp_buf_byte(&s, 0x00);
    comp_buf_byte(&s, 0x0b);
    cn_leb_u32(&s, count);
    for (uint32_t i = 0; i < count; i++)
        cn_leb_u32(&s, i);
    cn_section(out, COMP_SEC_ELEMENT, &s);
    bool ok = !s.oom && !out->oom;
    comp_buf_free(&s);
    return ok;
}
