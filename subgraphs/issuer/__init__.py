"""A development identity provider for the demo platform, its own process (`python -m subgraphs.issuer`):
it signs bearer tokens for whoever asks. Never run it where anyone but you can reach it."""
