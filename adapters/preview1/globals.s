# Wasm globals the adapter keeps outside linear memory (C cannot declare
# them). wit-component looks `allocation_state` up by name: it allocates the
# adapter's shadow stack lazily and records 0 -> 1 -> 2 here; the adapter
# continues with 3 -> 4 while it allocates its state page. `state_ptr` holds
# the address of that page (0 until the first call).

	.globaltype	allocation_state, i32
allocation_state:
	.globaltype	state_ptr, i32
state_ptr:

	.globl	adapter_get_allocation_state
	.type	adapter_get_allocation_state,@function
adapter_get_allocation_state:
	.functype	adapter_get_allocation_state () -> (i32)
	global.get	allocation_state
	end_function

	.globl	adapter_set_allocation_state
	.type	adapter_set_allocation_state,@function
adapter_set_allocation_state:
	.functype	adapter_set_allocation_state (i32) -> ()
	local.get	0
	global.set	allocation_state
	end_function

	.globl	adapter_get_state_ptr
	.type	adapter_get_state_ptr,@function
adapter_get_state_ptr:
	.functype	adapter_get_state_ptr () -> (i32)
	global.get	state_ptr
	end_function

	.globl	adapter_set_state_ptr
	.type	adapter_set_state_ptr,@function
adapter_set_state_ptr:
	.functype	adapter_set_state_ptr (i32) -> ()
	local.get	0
	global.set	state_ptr
	end_function
