#include "vmnet_plugin.h"
