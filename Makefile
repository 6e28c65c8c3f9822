# nestmap - Makefile
#
# Targets
#   make                 build ./nestmap and ./libnestmap.a
#   make run             install missing Debian packages, build, run the main job on the bundled data
#   make check           the same set-up, then every test (unit, command line, scripts,
#                        sanitizer build, valgrind)
#   make test            unit and command-line tests of the current build only
#   make valgrind        the unit and command-line tests under valgrind
#   make fuzz            libFuzzer harnesses for FUZZ_SECONDS each (clang)
#   make lint            cppcheck and clang-tidy
#   make install         PREFIX=/usr/local (DESTDIR honoured)
#   make deps            install missing Debian packages (root) or print the apt-get line
#
# Knobs
#   SANITIZE=address,undefined   build with sanitizers (into build-asan/ unless BUILD is set)
#   WERROR=0                     do not turn warnings into errors
#   BUILD=dir                    where objects go (default build/)
#   CC, CFLAGS, LDFLAGS          as usual

VERSION   := 0.1.0
PREFIX    ?= /usr/local
CC        ?= cc
WERROR    ?= 1
SANITIZE  ?=
ifeq ($(SANITIZE),)
BUILD     ?= build
else
BUILD     ?= build-asan
endif
FUZZ_SECONDS ?= 30

PKGS      := igraph libgvc libcgraph libxdot jansson
GVPLUGDIR := $(shell pkg-config --variable=libdir libgvc 2>/dev/null)/graphviz
WARN      := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes -Wshadow -Wvla
ifeq ($(WERROR),1)
WARN      += -Werror
endif
OPT       ?= -O2 -g
CPPFLAGS  += -Iinclude -D_GNU_SOURCE -DNM_VERSION=\"$(VERSION)\" -DNM_SRCDATADIR=\"$(CURDIR)/graphs\"
CFLAGS    ?=
CFLAGS    += -std=c11 -pthread $(OPT) $(WARN) -MMD -MP $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS      := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -pthread \
             -L$(GVPLUGDIR) -Wl,-rpath,$(GVPLUGDIR) -lgvplugin_core -lgvplugin_neato_layout \
             -lgvplugin_dot_layout
ifneq ($(SANITIZE),)
CFLAGS    += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS   += -fsanitize=$(SANITIZE)
endif

LIB_SRC   := $(sort $(wildcard src/*.c))
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
TEST_SRC  := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN  := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TESTLIB   := $(BUILD)/tests/testutil.o

.PHONY: all run check test test-unit test-cli test-scripts check-asan valgrind deps \
        install clean fuzz lint bench
all: nestmap libnestmap.a

# V=1 shows the full commands
ifeq ($(V),1)
Q :=
else
Q := @
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/libnestmap.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/nestmap: $(CLI_OBJ) $(BUILD)/libnestmap.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libnestmap.a $(LIBS)

ifeq ($(BUILD),build)
nestmap: $(BUILD)/nestmap
	cp $< $@
libnestmap.a: $(BUILD)/libnestmap.a
	cp $< $@
else
nestmap: $(BUILD)/nestmap
libnestmap.a: $(BUILD)/libnestmap.a
endif

$(BUILD)/tests/testutil.o: tests/unit/testutil.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(TESTLIB) $(BUILD)/libnestmap.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(LDFLAGS) -o $@ $< $(TESTLIB) $(BUILD)/libnestmap.a \
	    $(LIBS) $(shell pkg-config --libs cmocka)

deps:
	@sh scripts/install-deps.sh

test-unit: $(TEST_BIN)
	@sh tests/run-unit.sh $(TEST_BIN)

test-cli: $(BUILD)/nestmap
	@NESTMAP=$(BUILD)/nestmap sh tests/cli/run.sh

test-scripts: $(BUILD)/nestmap
	@NESTMAP=$(CURDIR)/$(BUILD)/nestmap sh tests/scripts/run.sh

test: test-unit test-cli

# A sanitizer report must not exit 1 like a data error (most corpus cases expect 1).
check-asan:
	ASAN_OPTIONS=exitcode=86 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86 \
	$(MAKE) SANITIZE=address,undefined test

valgrind: $(TEST_BIN) $(BUILD)/nestmap
	@VALGRIND=1 sh tests/run-unit.sh $(TEST_BIN)
	@VALGRIND=1 NESTMAP=$(BUILD)/nestmap sh tests/cli/run.sh

check: deps
	$(MAKE) all
	$(MAKE) test test-scripts
	$(MAKE) check-asan
	$(MAKE) valgrind
	@echo "make check: all test suites passed"

run: deps
	$(MAKE) all
	sh scripts/run.sh

bench: all
	sh scripts/bench.sh small

fuzz:
	$(MAKE) -f tests/fuzz/fuzz.mk FUZZ_SECONDS=$(FUZZ_SECONDS)

lint:
	sh scripts/lint.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/nestmap \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/nestmap
	install -m 755 nestmap $(DESTDIR)$(PREFIX)/bin/nestmap
	install -m 644 include/*.h $(DESTDIR)$(PREFIX)/include/nestmap/
	install -m 644 libnestmap.a $(DESTDIR)$(PREFIX)/lib/libnestmap.a
	install -m 644 docs/nestmap.1 $(DESTDIR)$(PREFIX)/share/man/man1/nestmap.1
	cp -R graphs/. $(DESTDIR)$(PREFIX)/share/nestmap/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@GVPLUGDIR@|$(GVPLUGDIR)|g' nestmap.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/nestmap.pc

clean:
	rm -rf build build-asan build-* nestmap libnestmap.a

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TESTLIB:.o=.d) $(TEST_BIN:=.d)
