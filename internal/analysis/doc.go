// Package analysis computes the answers of supplygraph's analysis queries
// (supply chain, cascade, uncovered tiers, risk exposure, risk paths and
// impact) from plain data: the active supply graph at a date, companies,
// codes, requests, acknowledgments and findings.
//
// The package does no I/O. The store reads a subgraph that contains at least
// what a query needs (see each input type) and hands it over; this package
// filters by date, walks the graph and orders the results. Company ids are
// plain strings and compare in byte order.
//
// Weights. A path v0 -> v1 -> ... -> vk has weight
// w(v0,v1) x ... x w(vk-1,vk) x a^(k-1), where a is the attenuation. Two
// weights (or scores) whose relative difference |x-y|/max(|x|,|y|) is below
// 1e-9 are equal. The best path between two companies within D edges has the
// largest weight; equal weights go to fewer edges, then to the
// lexicographically smaller sequence of ids read from v0.
//
// Internally weights are compared as products of per-edge factors w x a
// (each at most 1), so that the weight of a path is that product divided by
// a. Because every factor is at most 1, removing a cycle from a walk never
// lowers its weight and always removes edges, so the best walk is always a
// simple path, and the best path within h edges is found by a hop-bounded
// dynamic programme (at most h rounds over the edges).
package analysis
