"""Batch work on the graph: the synthetic-graph generator (`instagraph seed`) and the recommendation job (`instagraph jobs suggestions`)."""
