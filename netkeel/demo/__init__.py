"""The demo network: a whole deterministic data-centre estate across every app, for trying netkeel out,
for the tests and for the benchmarks. It sits above the domain apps and may use all of them."""
