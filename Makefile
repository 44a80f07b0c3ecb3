# Build for the WebAssembly component toolkit.
#
#   make                 libraries and tools into build/
#   make test            every test; ends with "N passed, N failed"
#   make test SAN=1      the same under AddressSanitizer + UBSan (build/san/)
#   make conformance     the core spec suite (SIMD included) and the component-model
#                        suite (outside async/, nyi.txt skipped) under wasi-run --wast
#   make bench           benchmarks; figures go to bench/RESULTS.md by hand
#   make bench-interp    only the interpreter-vs-native part of make bench
#   make fuzz            libFuzzer targets (FUZZ_SECONDS=60 each)
#   make install PREFIX=/usr/local
#   make deps            install missing Debian packages

PREFIX ?= /usr/local
SAN ?= 0

ifeq ($(SAN),1)
BUILD ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
else
BUILD ?= build
SANFLAGS :=
endif

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ALL_CFLAGS := $(WARNINGS) -D_POSIX_C_SOURCE=200809L $(CFLAGS) $(SANFLAGS)
ALL_LDFLAGS := $(LDFLAGS) $(SANFLAGS)
INCLUDES := -Ilibcomp/include -Ilibwit/include -Iruntime/include

VERSION := 0.1.0

# ---- libraries -------------------------------------------------------------

LIBS := comp wit wasmrt
comp_SRC := $(sort $(wildcard libcomp/src/*.c libcomp/src/*/*.c))
wit_SRC := $(sort $(wildcard libwit/src/*.c libwit/src/*/*.c))
wasmrt_SRC := $(sort $(wildcard runtime/src/*.c runtime/src/*/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
comp_OBJ := $(call obj,$(comp_SRC))
wit_OBJ := $(call obj,$(wit_SRC))
wasmrt_OBJ := $(call obj,$(wasmrt_SRC))

STATIC_LIBS := $(foreach l,$(LIBS),$(if $($(l)_SRC),$(BUILD)/lib/lib$(l).a))
SHARED_LIBS := $(STATIC_LIBS:.a=.so)
# Link order: higher layers first.
LINK_LIBS := $(filter %libwasmrt.a,$(STATIC_LIBS)) $(filter %libwit.a,$(STATIC_LIBS)) $(filter %libcomp.a,$(STATIC_LIBS))

# ---- tools -----------------------------------------------------------------

TOOLS := $(notdir $(patsubst %/,%,$(dir $(wildcard tools/*/main.c))))
TOOL_BINS := $(TOOLS:%=$(BUILD)/bin/%)
# Extra system libraries per tool.
TOOL_LIBS_wit-compose := -lyaml

# ---- tests -----------------------------------------------------------------

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
UNIT_HELPERS := $(call obj,$(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c)))
CONF_SRC := $(wildcard tests/conformance/*.c)
CONF_OBJ := $(call obj,$(CONF_SRC))
CONF_BIN := $(if $(CONF_SRC),$(BUILD)/tests/conformance)

# Small programs the tests drive (one .c file each).
TEST_TOOL_BINS := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))

FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)

# ---- adapters --------------------------------------------------------------
# The preview1 adapter (adapters/preview1): freestanding C for wasm32 linked
# the way wit-component wants an adapter (imports the program's memory, no
# data segments, a __stack_pointer it can relocate), with its world embedded
# as a component-type custom section by tests/tools/embed_world. The .wasm
# files are checked in and rebuilt only where clang, wasm-ld and the WASI WIT
# are present; bin2c turns them into $(BUILD)/gen/adapter_preview1.c, an
# object linked into the tools that embed them (adapter_preview1.h).
WASI_WIT_P2 ?= ../shared/wit/wasi-0.2.12
ADAPTER_P1_DIR := adapters/preview1
ADAPTER_P1_WASM := $(ADAPTER_P1_DIR)/wasi_snapshot_preview1.command.wasm \
  $(ADAPTER_P1_DIR)/wasi_snapshot_preview1.reactor.wasm
ADAPTER_P1_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(filter-out $(ADAPTER_P1_DIR)/command.c,$(wildcard $(ADAPTER_P1_DIR)/*.c))) \
  $(BUILD)/$(ADAPTER_P1_DIR)/globals.o
ADAPTER_P1_GEN_OBJ := $(call obj,$(BUILD)/gen/adapter_preview1.c)
ADAPTER_CFLAGS := --target=wasm32 -O2 -std=c11 -nostdlib -ffreestanding -fno-builtin \
  -fno-jump-tables -mbulk-memory -Wall -Wextra -Werror -Wno-unused-parameter
ADAPTER_LDFLAGS := --no-entry --import-memory -z stack-size=0 --global-base=0 --strip-debug
ADAPTER_TOOLCHAIN := $(shell command -v clang >/dev/null 2>&1 && command -v wasm-ld >/dev/null 2>&1 \
  && [ -d $(WASI_WIT_P2) ] && echo yes)
INCLUDES += -Iadapters

ifeq ($(ADAPTER_TOOLCHAIN),yes)
$(BUILD)/adapters/%.o: adapters/%.c $(wildcard $(ADAPTER_P1_DIR)/*.h)
	@mkdir -p $(@D)
	clang $(ADAPTER_CFLAGS) -c $< -o $@
$(BUILD)/adapters/%.o: adapters/%.s
	@mkdir -p $(@D)
	clang --target=wasm32 -c $< -o $@
$(BUILD)/adapters/preview1/command.core.wasm: $(ADAPTER_P1_OBJS) $(BUILD)/$(ADAPTER_P1_DIR)/command.o
	wasm-ld $(ADAPTER_LDFLAGS) $^ -o $@
$(BUILD)/adapters/preview1/reactor.core.wasm: $(ADAPTER_P1_OBJS)
	wasm-ld $(ADAPTER_LDFLAGS) $^ -o $@
$(ADAPTER_P1_DIR)/wasi_snapshot_preview1.%.wasm: $(BUILD)/adapters/preview1/%.core.wasm \
    $(ADAPTER_P1_DIR)/world.wit | $(BUILD)/tests/tools/embed_world
	$(BUILD)/tests/tools/embed_world --deps $(WASI_WIT_P2) $(ADAPTER_P1_DIR)/world.wit $* \
	  wasi_snapshot_preview1:$* $< -o $@
endif

$(BUILD)/gen/adapter_preview1.c: $(ADAPTER_P1_WASM) | $(BUILD)/tests/tools/bin2c
	@mkdir -p $(@D)
	$(BUILD)/tests/tools/bin2c $@ adapter_preview1_command=$(word 1,$(ADAPTER_P1_WASM)) \
	  adapter_preview1_reactor=$(word 2,$(ADAPTER_P1_WASM))
$(BUILD)/bin/wasi-run $(BUILD)/bin/wasi-adapt: $(ADAPTER_P1_GEN_OBJ)

.PHONY: all deps test bench fuzz install clean
.SECONDARY:
all: $(BUILD)/.deps-ok $(STATIC_LIBS) $(SHARED_LIBS) $(TOOL_BINS)

# Installs what is missing (as root) or stops with the command to run.
$(BUILD)/.deps-ok: mk/deps.sh
	@sh mk/deps.sh
	@mkdir -p $(@D) && touch $@

deps:
	@sh mk/deps.sh

$(BUILD)/obj/%.o: %.c | $(BUILD)/.deps-ok
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(INCLUDES) -Ilibcomp/src -Ilibwit/src -Iruntime/src -fPIC -MMD -MP -c $< -o $@

$(BUILD)/lib/lib%.a:
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/lib/libcomp.a: $(comp_OBJ)
$(BUILD)/lib/libwit.a: $(wit_OBJ)
$(BUILD)/lib/libwasmrt.a: $(wasmrt_OBJ)

$(BUILD)/lib/libcomp.so: $(comp_OBJ)
	$(CC) -shared -Wl,-soname,libcomp.so.0 $(ALL_LDFLAGS) -o $@ $^
$(BUILD)/lib/libwit.so: $(wit_OBJ) $(BUILD)/lib/libcomp.so
	$(CC) -shared -Wl,-soname,libwit.so.0 $(ALL_LDFLAGS) -o $@ $(wit_OBJ) -L$(BUILD)/lib -lcomp
$(BUILD)/lib/libwasmrt.so: $(wasmrt_OBJ) $(BUILD)/lib/libcomp.so
	$(CC) -shared -Wl,-soname,libwasmrt.so.0 $(ALL_LDFLAGS) -o $@ $(wasmrt_OBJ) -L$(BUILD)/lib -lcomp -lm

.SECONDEXPANSION:
$(BUILD)/bin/%: $$(call obj,$$(wildcard tools/%/*.c)) $(STATIC_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) $(LINK_LIBS) $(TOOL_LIBS_$*) -lm

$(BUILD)/tests/test_%: $(BUILD)/obj/tests/unit/test_%.o $(UNIT_HELPERS) $(STATIC_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(UNIT_HELPERS) $(LINK_LIBS) -lcmocka -lm

$(BUILD)/tests/conformance: $(CONF_OBJ) $(STATIC_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CONF_OBJ) $(LINK_LIBS) -lm

$(BUILD)/tests/tools/%: $(BUILD)/obj/tests/tools/%.o $(STATIC_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LINK_LIBS) -lm

test: all $(UNIT_BINS) $(CONF_BIN) $(TEST_TOOL_BINS)
	@BUILD=$(BUILD) SAN=$(SAN) sh tests/run.sh

# The core spec suite, SIMD included, under the interpreter: every script in
# one wasi-run call, which prints failures, per-file and total counts, and
# fails unless every assertion passes. tests/run.sh runs it too. The fuel
# (calls and loop iterations per action; the suite needs under 100,000)
# turns an interpreter bug that loops forever into one failed check.
# Then the component-model suite (tests/conformance/component_suite.sh):
# every script outside async/, those in its nyi.txt skipped with a SKIP
# line; here every failure counts (tests/run.sh counts the ones listed in
# tests/conformance/component_known_failures.txt apart).
CONFORMANCE ?= ../shared/conformance
CONFORMANCE_FUEL ?= 100000000
CORE_SPEC_WAST = $(sort $(wildcard $(CONFORMANCE)/core-spec/*.wast)) \
  $(sort $(wildcard $(CONFORMANCE)/core-spec/simd/*.wast))
.PHONY: conformance
conformance: $(BUILD)/bin/wasi-run
	@[ -n "$(strip $(CORE_SPEC_WAST))" ] || { echo "conformance: no .wast in $(CONFORMANCE)/core-spec" >&2; exit 1; }
	@$(BUILD)/bin/wasi-run --fuel $(CONFORMANCE_FUEL) --wast $(CORE_SPEC_WAST)
	@BUILD=$(BUILD) CONFORMANCE=$(CONFORMANCE) FUEL=$(CONFORMANCE_FUEL) sh tests/conformance/component_suite.sh

bench: all
	@BUILD=$(BUILD) sh bench/run.sh
bench: $(BUILD)/tests/tools/bench_decode
bench: $(BUILD)/tests/tools/bench_wit
bench: $(BUILD)/tests/tools/bench_async
bench: $(BUILD)/tests/tools/bench_ccall
# The interpreter part (bench/interp.sh) runs first: bench/programs built for
# wasm32 and natively, timed under wasi-run and natively; it rewrites the
# "## Interpreter" section of bench/RESULTS.md.
.PHONY: bench-interp
bench: bench-interp
bench-interp: all
	@BUILD=$(BUILD) sh bench/interp.sh

# examples/hello.c built with clang for wasm32-wasi, wrapped into a component
# with jco when node is there, and inspected (examples/run.sh).
.PHONY: example
example: all $(BUILD)/tests/tools/roundtrip
	@BUILD=$(BUILD) sh examples/run.sh

# examples/compose: wit-compose build on composition.yaml (examples/compose/run.sh).
.PHONY: example-compose
example-compose: all
	@BUILD=$(BUILD) sh examples/compose/run.sh

# libFuzzer needs clang; the fuzz build lives apart from the normal one.
FUZZ_BUILD := build/fuzz
FUZZ_SECONDS ?= 60
fuzz: $(BUILD)/.deps-ok
	@mkdir -p $(FUZZ_BUILD)
	@for f in $(FUZZ_SRC); do \
	  n=$$(basename $$f .c); \
	  echo "fuzz: building $$n"; \
	  clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer,address,undefined \
	    $(INCLUDES) -Ilibcomp/src -Ilibwit/src -Iruntime/src $$f $(comp_SRC) $(wit_SRC) $(wasmrt_SRC) -lm -o $(FUZZ_BUILD)/$$n || exit 1; \
	  mkdir -p $(FUZZ_BUILD)/corpus-$$n; \
	  echo "fuzz: running $$n for $(FUZZ_SECONDS)s"; \
	  $(FUZZ_BUILD)/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    $(FUZZ_BUILD)/corpus-$$n fuzz/seeds || exit 1; \
	done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(TOOL_BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(STATIC_LIBS) $(DESTDIR)$(PREFIX)/lib/
	for l in $(SHARED_LIBS); do \
	  b=$$(basename $$l); install -m 755 $$l $(DESTDIR)$(PREFIX)/lib/$$b.0; \
	  ln -sf $$b.0 $(DESTDIR)$(PREFIX)/lib/$$b; done
	for d in libcomp/include libwit/include runtime/include; do \
	  [ -d $$d ] && cp -R $$d/. $(DESTDIR)$(PREFIX)/include/; done; true
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(PREFIX)/share/man/man1/
	for l in $(LIBS); do \
	  [ -f $(BUILD)/lib/lib$$l.a ] || continue; \
	  sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' mk/lib$$l.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/lib$$l.pc; done

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
