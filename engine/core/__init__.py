"""The method and its vocabulary: the standard library only, no files, clock or environment.

Assessment in (`model`), rules (`ruleset`), the evaluation (`evaluate`) into a Result
(`result`) with Excel's rounding (`rounding`), the derivation text (`derivation`), the
findings model every stage returns (`findings`, `errors`), and the resource `limits`
read once from the environment by the layers above. Imports nothing of jobzone above it
and no third-party package (an import-linter contract says so).
"""
