"""What the agencies' subgraphs share: checking the caller the gateway vouches for (`identity`), and
the key files of the demo platform (`keys`)."""
