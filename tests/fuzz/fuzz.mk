# fuzz.mk - libFuzzer harnesses for the loaders (clang, ASan + UBSan).
#
#   make fuzz                      build, seed and run each harness FUZZ_SECONDS (30)
#   make -f tests/fuzz/fuzz.mk fuzz-build      only build
#   make -f tests/fuzz/fuzz.mk FUZZ_JOBS=2 FUZZ_SECONDS=600 fuzz-dataset
#
# Knobs: FUZZ_BUILD (build-fuzz), FUZZ_SECONDS, FUZZ_JOBS (parallel workers per
# harness, 1), FUZZ_FLAGS (extra libFuzzer flags), FUZZ_CC (clang).
# Corpora grow in $(FUZZ_BUILD)/corpus-<name>/ (kept between runs), seeded from
# tests/data; crashes land in $(FUZZ_BUILD)/crash-<name>-*. See docs/hardening.md.

FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 30
FUZZ_JOBS    ?= 1
FUZZ_FLAGS   ?=
FUZZ_MAX_LEN ?= 16384
FUZZ_CC      ?= clang
FUZZ_CFLAGS  := -std=c11 -g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE -Iinclude -Itests/fuzz \
                -DNM_VERSION=\"fuzz\" -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=all -Wall -Wextra -Werror
IGRAPH_CFLAGS := $(shell pkg-config --cflags igraph)
IGRAPH_LIBS   := $(shell pkg-config --libs igraph)

LOADER_SRC := src/csv.c src/diag.c src/dataset.c src/load_csv.c src/load_cow.c src/strmap.c src/order.c \
              src/mem.c
HARNESSES  := csv dataset cow
BINS       := $(HARNESSES:%=$(FUZZ_BUILD)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-seeds $(HARNESSES:%=fuzz-%)
fuzz: $(HARNESSES:%=fuzz-%)
fuzz-build: $(BINS)

$(FUZZ_BUILD)/fuzz_csv: tests/fuzz/fuzz_csv.c $(LOADER_SRC) tests/fuzz/fuzz_util.h
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ tests/fuzz/fuzz_csv.c $(LOADER_SRC) -lcsv -lm

$(FUZZ_BUILD)/fuzz_cow: tests/fuzz/fuzz_cow.c $(LOADER_SRC) tests/fuzz/fuzz_util.h
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ tests/fuzz/fuzz_cow.c $(LOADER_SRC) -lcsv -lm

$(FUZZ_BUILD)/fuzz_dataset: tests/fuzz/fuzz_dataset.c $(LOADER_SRC) src/graph.c src/export.c \
                            tests/fuzz/fuzz_util.h
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(IGRAPH_CFLAGS) -o $@ tests/fuzz/fuzz_dataset.c $(LOADER_SRC) \
	    src/graph.c src/export.c $(IGRAPH_LIBS) -lcsv -lm

# Seeds: every CSV/TSV under tests/data as is (csv, with a leading options
# byte); data-set directories as memberships\0states\0institutions\0rivalries;
# COW files alone and with the test crosswalk.
fuzz-seeds:
	@sh tests/fuzz/make-seeds.sh $(FUZZ_BUILD)

# One rule per harness: run for FUZZ_SECONDS on the kept corpus plus the seeds.
$(HARNESSES:%=fuzz-%): fuzz-%: $(FUZZ_BUILD)/fuzz_% fuzz-seeds
	@mkdir -p $(FUZZ_BUILD)/corpus-$* $(FUZZ_BUILD)/log-$*
	cd $(FUZZ_BUILD)/log-$* && ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	    UBSAN_OPTIONS=print_stacktrace=1 ../fuzz_$* -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -max_len=$(FUZZ_MAX_LEN) -print_final_stats=1 \
	    -jobs=$(FUZZ_JOBS) -workers=$(FUZZ_JOBS) -artifact_prefix=../crash-$*- $(FUZZ_FLAGS) \
	    ../corpus-$* ../seeds-$* \
	    $(if $(filter-out 1,$(FUZZ_JOBS)),; tail -n 20 fuzz-*.log,)
