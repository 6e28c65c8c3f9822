#!/usr/bin/Rscript
# peer_vegan.R - the benchmark's R vegan peer: NODF and its curveball null
# model on a generated data set. Prints "stage NAME SECONDS PEAK_KIB".
# usage: peer_vegan.R DIR [--stages load,nodf,null] [--nsim N]
#   load  read memberships.csv, build the states x institutions 0/1 matrix
#   nodf  nestednodf(m, order = TRUE, weighted = FALSE)
#   null  oecosimu(m, nestednodf, "curveball", nsimul = N, burnin = 10 * rows,
#         thin = rows): the chain nestmap's null model runs by default
suppressPackageStartupMessages(library(vegan))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
opt <- function(name, default) {
    k <- match(name, args)
    if (is.na(k)) default else args[k + 1]
}
stages <- strsplit(opt("--stages", "load,nodf,null"), ",")[[1]]
nsim <- as.integer(opt("--nsim", "99"))
hwm <- function() {
    l <- grep("^VmHWM:", readLines("/proc/self/status"), value = TRUE)
    as.numeric(strsplit(trimws(sub("VmHWM:", "", l)), " +")[[1]][1])
}
report <- function(name, t0) {
    cat(sprintf("stage %s %.6f %.0f\n", name, as.numeric(Sys.time()) - t0, hwm()))
    flush(stdout())
}

t0 <- as.numeric(Sys.time())
m <- read.csv(file.path(dir, "memberships.csv"), colClasses = "character")
s <- factor(m$state); i <- factor(m$institution)
x <- matrix(0L, nlevels(s), nlevels(i))
x[cbind(as.integer(s), as.integer(i))] <- 1L
rm(m, s, i)
report("load", t0)
if ("nodf" %in% stages) {
    t0 <- as.numeric(Sys.time())
    n <- nestednodf(x, order = TRUE, weighted = FALSE)
    report("nodf", t0)
    message(sprintf("vegan: NODF %.10f", n$statistic[["NODF"]]))
}
if ("null" %in% stages) {
    t0 <- as.numeric(Sys.time())
    r <- oecosimu(x, nestednodf, "curveball", nsimul = nsim, burnin = 10 * nrow(x),
                  thin = nrow(x), statistic = "statistic")
    report("null", t0)
}
