#pragma once
#include <linux/netlink.h>
