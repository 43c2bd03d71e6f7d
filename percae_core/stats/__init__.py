"""Comparisons with uncertainty (torch-free, scipy-based): paired differences over repeats,
a paired bootstrap over test examples for single runs, Holm's adjustment over one table's
comparisons and the verdict that reads the reported interval.

`evidence` holds the two kinds of evidence a comparison can have (a t interval over repeats,
a bootstrap over test examples), `holm` the family-wise adjustment and its matching levels,
`verdict` the verdict enum, `compare` the one call that turns a family of evidence into
`Comparison` results.
"""
