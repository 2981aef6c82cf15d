# The benchmarks are a script (run_benchmarks.py), not tests: keep pytest out of this folder.
collect_ignore_glob = ["*.py"]
