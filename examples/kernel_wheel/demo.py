# examples/kernel_wheel/demo.py: what a user of the installed wheel writes.
"""Call the example_kernels wheel with torch tensors and print the results."""

import example_kernels
import torch

import tvm_ffi

x = torch.arange(5, dtype=torch.float32)
y = torch.empty_like(x)
example_kernels.add_one(x, y)
print(f"tvm_ffi {tvm_ffi.__version__}: add_one({x.tolist()}) -> {y.tolist()}")
print(f"add_one_new({x.tolist()}) = {example_kernels.add_one_new(x).tolist()}")
try:
    example_kernels.add_one(x.double(), y)
except TypeError as err:
    print(f"bad dtype: TypeError: {err}")
