/* Instantiation in the spec's order: imports checked, functions, globals,
 * tables and memories created, exports collected, element segments then data
 * segments applied (stopping at the first out-of-bounds one), then the start
 * function run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/insn.h"
#include "core/rt_internal.h"
#include "reader.h"

#define CONST_STACK 256

static bool link_fail(rt_trap *trap, const comp_import *imp, const char *what)
{
    rt_trap_set(trap, RT_TRAP_LINK, NULL);
    snprintf(trap->message, sizeof trap->message, "%s: %.*s.%.*s", what, (int)imp->module.len,
             imp->module.data, (int)imp->name.len, imp->name.data);
    return false;
}

/* Limits of an import (`want`) against the actual object's current size and
 * declared maximum. */
static bool limits_match(const comp_limits *want, uint64_t size, const comp_limits *have)
{
    if (size < want->min)
        return false;
    if (want->flags & COMP_LIMITS_HAS_MAX) {
        if (!(have->flags & COMP_LIMITS_HAS_MAX) || have->max > want->max)
            return false;
    }
    return true;
}

static bool check_import(const comp_module *m, const comp_import *imp, const rt_extern *ext,
                         rt_trap *trap)
{
    if (ext->kind != imp->kind)
        return link_fail(trap, imp, "incompatible import type");
    switch (imp->kind) {
    case COMP_EXTERN_FUNC:
        if (!ext->of.func)
            return link_fail(trap, imp, "unknown import");
        if (!rt_functype_equal(ext->of.func->type, &m->types[imp->desc.func_type]))
            return link_fail(trap, imp, "incompatible import type");
        return true;
    case COMP_EXTERN_TABLE: {
        const rt_table *t = ext->of.table;
        if (!t)
            return link_fail(trap, imp, "unknown import");
        if (t->type.elem != imp->desc.table.elem ||
            !limits_match(&imp->desc.table.limits, t->size, &t->type.limits))
            return link_fail(trap, imp, "incompatible import type");
        return true;
    }
    case COMP_EXTERN_MEMORY: {
        const rt_memory *mem = ext->of.memory;
        if (!mem)
            return link_fail(trap, imp, "unknown import");
        if (!limits_match(&imp->desc.memory, mem->pages, &mem->type))
            return link_fail(trap, imp, "incompatible import type");
        return true;
    }
    case COMP_EXTERN_GLOBAL: {
        const rt_global *g = ext->of.global;
        if (!g)
            return link_fail(trap, imp, "unknown import");
        if (g->type.type != imp->desc.global.type ||
            g->type.mutability != imp->desc.global.mutability)
            return link_fail(trap, imp, "incompatible import type");
        return true;
    }
    case COMP_EXTERN_TAG: {
        const rt_tag *tag = ext->of.tag;
        if (!tag)
            return link_fail(trap, imp, "unknown import");
        if (!rt_functype_equal(tag->type, &m->types[imp->desc.tag.type]))
            return link_fail(trap, imp, "incompatible import type");
        return true;
    }
    default:
        return link_fail(trap, imp, "unsupported import kind");
    }
}

/* Evaluates a validated constant expression. */
static bool eval_const(const rt_instance *inst, const comp_expr *e, slot *out, rt_trap *trap)
{
    slot stack[CONST_STACK];
    uint32_t n = 0;
    comp_error err = {0};
    rd r;
    rd_init(&r, e->code, e->len, NULL, &err);
    while (!rd_eof(&r)) {
        insn in;
        if (!insn_decode(&r, &in)) {
            rt_trap_set(trap, RT_TRAP_RESOURCE, "malformed constant expression");
            return false;
        }
        if (in.op == 0x0b)
            break;
        if (n >= CONST_STACK) {
            rt_trap_set(trap, RT_TRAP_RESOURCE, "constant expression too deep");
            return false;
        }
        slot v;
        memset(&v, 0, sizeof v);
        switch (in.op) {
        case 0x41: v.i32 = (uint32_t)in.i64; stack[n++] = v; break;
        case 0x42: v.i64 = (uint64_t)in.i64; stack[n++] = v; break;
        case 0x43: v.i32 = in.f32; stack[n++] = v; break;
        case 0x44: v.i64 = in.f64; stack[n++] = v; break;
        case INSN_PREFIXED(0xfd, 12): memcpy(&v.v128, in.v128, 16); stack[n++] = v; break;
        case 0xd0: v.ref = NULL; stack[n++] = v; break;
        case 0xd2: v.ref = inst->funcs[in.idx]; stack[n++] = v; break;
        case 0x23: stack[n++] = inst->globals[in.idx]->value; break;
        case 0x6a: n--; stack[n - 1].i32 += stack[n].i32; break;
        case 0x6b: n--; stack[n - 1].i32 -= stack[n].i32; break;
        case 0x6c: n--; stack[n - 1].i32 *= stack[n].i32; break;
        case 0x7c: n--; stack[n - 1].i64 += stack[n].i64; break;
        case 0x7d: n--; stack[n - 1].i64 -= stack[n].i64; break;
        case 0x7e: n--; stack[n - 1].i64 *= stack[n].i64; break;
        default:
            rt_trap_set(trap, RT_TRAP_RESOURCE, "unsupported constant expression");
            return false;
        }
    }
    if (n != 1) {
        rt_trap_set(trap, RT_TRAP_RESOURCE, "malformed constant expression");
        return false;
    }
    *out = stack[0];
    return true;
}

static bool oom(rt_trap *trap)
{
    rt_trap_set(trap, RT_TRAP_RESOURCE, "out of memory");
    return false;
}

static bool create_entities(rt_instance *inst, const rt_extern *imports, rt_trap *trap)
{
    rt_store *s = inst->store;
    const comp_module *m = inst->module->m;
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0, ntag = 0;
    for (uint32_t i = 0; i < m->import_count; i++) {
        switch (imports[i].kind) {
        case COMP_EXTERN_FUNC: inst->funcs[nf++] = imports[i].of.func; break;
        case COMP_EXTERN_TABLE: inst->tables[nt++] = imports[i].of.table; break;
        case COMP_EXTERN_MEMORY: inst->memories[nm++] = imports[i].of.memory; break;
        case COMP_EXTERN_TAG: inst->tags[ntag++] = imports[i].of.tag; break;
        default: inst->globals[ng++] = imports[i].of.global; break;
        }
    }
    /* Every instantiation defines new tags: exceptions of one instance's
     * tag are not caught by another instance's. */
    for (uint32_t i = 0; i < m->tag_count; i++) {
        rt_tag *tag = rt_store_calloc(s, 1, sizeof *tag);
        if (!tag)
            return oom(trap);
        tag->type = &m->types[m->tags[i].type];
        inst->tags[ntag++] = tag;
    }
    for (uint32_t i = 0; i < m->func_count; i++) {
        rt_func *f = &inst->own_funcs[i];
        f->flavor = RT_FUNC_WASM;
        f->type = &m->types[m->funcs[i]];
        f->inst = inst;
        f->code = &inst->module->codes[i];
        f->index = nf;
        inst->funcs[nf++] = f;
    }
    for (uint32_t i = 0; i < m->global_count; i++) {
        rt_global *g = rt_store_calloc(s, 1, sizeof *g);
        if (!g)
            return oom(trap);
        g->type = m->globals[i].type;
        if (!eval_const(inst, &m->globals[i].init, &g->value, trap))
            return false;
        inst->globals[ng++] = g;
    }
    for (uint32_t i = 0; i < m->table_count; i++) {
        rt_val null = {.kind = m->tables[i].elem};
        rt_table *t = rt_table_new(s, &m->tables[i], null);
        if (!t) {
            rt_trap_set(trap, RT_TRAP_RESOURCE, "table exceeds the store's limit or memory");
            return false;
        }
        inst->tables[nt++] = t;
    }
    for (uint32_t i = 0; i < m->memory_count; i++) {
        rt_memory *mem = rt_memory_new(s, &m->memories[i]);
        if (!mem) {
            rt_trap_set(trap, RT_TRAP_RESOURCE, "memory exceeds the store's limit or memory");
            return false;
        }
        inst->memories[nm++] = mem;
    }
    for (uint32_t i = 0; i < m->export_count; i++) {
        const comp_export *e = &m->exports[i];
        rt_extern *x = &inst->exports[i];
        x->kind = e->kind;
        switch (e->kind) {
        case COMP_EXTERN_FUNC: x->of.func = inst->funcs[e->index]; break;
        case COMP_EXTERN_TABLE: x->of.table = inst->tables[e->index]; break;
        case COMP_EXTERN_MEMORY: x->of.memory = inst->memories[e->index]; break;
        case COMP_EXTERN_TAG: x->of.tag = inst->tags[e->index]; break;
        default: x->of.global = inst->globals[e->index]; break;
        }
    }
    return true;
}

static bool init_segments(rt_instance *inst, rt_trap *trap)
{
    const comp_module *m = inst->module->m;
    for (uint32_t i = 0; i < m->elem_count; i++) {
        const comp_elem *e = &m->elems[i];
        rt_elem_inst *ei = &inst->elems[i];
        ei->refs = rt_store_calloc(inst->store, e->count, sizeof(void *));
        if (!ei->refs)
            return oom(trap);
        ei->count = e->count;
        for (uint32_t k = 0; k < e->count; k++) {
            if (e->flags & 4) {
                slot v;
                if (!eval_const(inst, &e->exprs[k], &v, trap))
                    return false;
                ei->refs[k] = v.ref;
            } else {
                ei->refs[k] = inst->funcs[e->funcs[k]];
            }
        }
    }
    for (uint32_t i = 0; i < m->data_segment_count; i++) {
        inst->datas[i].bytes = m->datas[i].bytes;
        inst->datas[i].len = m->datas[i].len;
    }
    for (uint32_t i = 0; i < m->elem_count; i++) {
        const comp_elem *e = &m->elems[i];
        rt_elem_inst *ei = &inst->elems[i];
        if (e->flags & 1) {
            if (e->flags & 2)
                ei->count = 0; /* declarative: dropped right away */
            continue;
        }
        slot off;
        if (!eval_const(inst, &e->offset, &off, trap))
            return false;
        rt_table *t = inst->tables[(e->flags & 2) ? e->table : 0];
        if ((uint64_t)off.i32 + ei->count > t->size) {
            rt_trap_set(trap, RT_TRAP_TABLE_OOB, NULL);
            return false;
        }
        if (ei->count)
            memcpy(t->elems + off.i32, ei->refs, ei->count * sizeof(void *));
        ei->count = 0;
    }
    for (uint32_t i = 0; i < m->data_segment_count; i++) {
        const comp_data *d = &m->datas[i];
        if (d->flags == 1)
            continue;
        slot off;
        if (!eval_const(inst, &d->offset, &off, trap))
            return false;
        rt_memory *mem = inst->memories[d->flags == 2 ? d->memory : 0];
        if ((uint64_t)off.i32 + d->len > mem->pages * RT_PAGE_SIZE) {
            rt_trap_set(trap, RT_TRAP_MEMORY_OOB, NULL);
            return false;
        }
        if (d->len)
            memcpy(mem->data + off.i32, d->bytes, d->len);
        inst->datas[i].len = 0;
    }
    return true;
}

bool rt_instantiate(rt_store *s, const rt_module *module, const rt_extern *imports,
                    uint32_t import_count, rt_instance **out, rt_trap *trap)
{
    const comp_module *m = module->m;
    *out = NULL;
    rt_trap_clear(trap);
    if (import_count != m->import_count) {
        rt_trap_set(trap, RT_TRAP_LINK, "wrong number of imports");
        return false;
    }
    for (uint32_t i = 0; i < m->import_count; i++)
        if (!check_import(m, &m->imports[i], &imports[i], trap))
            return false;

    rt_instance *inst = rt_store_calloc(s, 1, sizeof *inst);
    if (!inst)
        return oom(trap);
    inst->store = s;
    inst->module = module;
    inst->func_count = comp_module_total_funcs(m);
    inst->table_count = comp_module_total_tables(m);
    inst->memory_count = comp_module_total_memories(m);
    inst->global_count = comp_module_total_globals(m);
    inst->tag_count = comp_module_total_tags(m);
    inst->funcs = rt_store_calloc(s, inst->func_count, sizeof(rt_func *));
    inst->tables = rt_store_calloc(s, inst->table_count, sizeof(rt_table *));
    inst->memories = rt_store_calloc(s, inst->memory_count, sizeof(rt_memory *));
    inst->globals = rt_store_calloc(s, inst->global_count, sizeof(rt_global *));
    inst->tags = rt_store_calloc(s, inst->tag_count, sizeof(rt_tag *));
    inst->elems = rt_store_calloc(s, m->elem_count, sizeof(rt_elem_inst));
    inst->datas = rt_store_calloc(s, m->data_segment_count, sizeof(rt_data_inst));
    inst->own_funcs = rt_store_calloc(s, m->func_count, sizeof(rt_func));
    inst->exports = rt_store_calloc(s, m->export_count, sizeof(rt_extern));
    if (!inst->funcs || !inst->tables || !inst->memories || !inst->globals || !inst->tags ||
        !inst->elems ||
        !inst->datas || !inst->own_funcs || !inst->exports)
        return oom(trap);
    if (!create_entities(inst, imports, trap) || !init_segments(inst, trap))
        return false;
    if (m->has_start) {
        rt_func *start = inst->funcs[m->start];
        slot none[1];
        if (start->flavor == RT_FUNC_HOST) {
            if (!rt_call(start, NULL, 0, NULL, 0, trap))
                return false;
        } else if (!rt_exec(s, start, none, none, trap)) {
            return false;
        }
    }
    *out = inst;
    return true;
}

/* ---- exports ----------------------------------------------------------------- */

bool rt_instance_export(const rt_instance *inst, const char *name, size_t len, rt_extern *out)
{
    const comp_module *m = inst->module->m;
    for (uint32_t i = 0; i < m->export_count; i++) {
        const comp_str *n = &m->exports[i].name;
        if (n->len == len && memcmp(n->data, name, len) == 0) {
            *out = inst->exports[i];
            return true;
        }
    }
    return false;
}

static bool export_of(const rt_instance *inst, const char *name, uint8_t kind, rt_extern *x)
{
    return rt_instance_export(inst, name, strlen(name), x) && x->kind == kind;
}

rt_func *rt_instance_func(const rt_instance *inst, const char *name)
{
    rt_extern x;
    return export_of(inst, name, COMP_EXTERN_FUNC, &x) ? x.of.func : NULL;
}

rt_memory *rt_instance_memory(const rt_instance *inst, const char *name)
{
    rt_extern x;
    return export_of(inst, name, COMP_EXTERN_MEMORY, &x) ? x.of.memory : NULL;
}

rt_table *rt_instance_table(const rt_instance *inst, const char *name)
{
    rt_extern x;
    return export_of(inst, name, COMP_EXTERN_TABLE, &x) ? x.of.table : NULL;
}

rt_global *rt_instance_global(const rt_instance *inst, const char *name)
{
    rt_extern x;
    return export_of(inst, name, COMP_EXTERN_GLOBAL, &x) ? x.of.global : NULL;
}

rt_tag *rt_instance_tag(const rt_instance *inst, const char *name)
{
    rt_extern x;
    return export_of(inst, name, COMP_EXTERN_TAG, &x) ? x.of.tag : NULL;
}

uint32_t rt_instance_export_count(const rt_instance *inst) { return inst->module->m->export_count; }

bool rt_instance_export_at(const rt_instance *inst, uint32_t i, comp_str *name, rt_extern *out)
{
    if (i >= inst->module->m->export_count)
        return false;
    *name = inst->module->m->exports[i].name;
    *out = inst->exports[i];
    return true;
}

rt_memory *rt_instance_memory_at(const rt_instance *inst, uint32_t index)
{
    return index < inst->memory_count ? inst->memories[index] : NULL;
}

