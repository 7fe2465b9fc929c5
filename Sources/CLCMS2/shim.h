#include <lcms2.h>

// lcms2's pixel-format macros are built from function-like macros, which Swift cannot import.
static const cmsUInt32Number relight_TYPE_RGB_8 = TYPE_RGB_8;
static const cmsUInt32Number relight_TYPE_RGBA_8 = TYPE_RGBA_8;
