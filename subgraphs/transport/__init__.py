"""Transport administration subgraph: vehicles and driving licences from nightly mainframe exports."""
