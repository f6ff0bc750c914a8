/* placeholder: the NVML stub is written in the next commit */ int nvml_stub_placeholder(void) { return 0; }
