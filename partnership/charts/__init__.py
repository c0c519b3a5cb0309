"""Plotly figure builders: `base` (palette, template, footer), then one module per topic."""
