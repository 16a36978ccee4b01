// Precompiled for every core translation unit and test: the ATen operator headers cost ~8 s to parse.
#pragma once
#include <ATen/ATen.h>
