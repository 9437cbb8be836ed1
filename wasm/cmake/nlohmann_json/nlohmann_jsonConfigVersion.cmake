# The version of Debian bookworm's nlohmann-json3-dev; any 3.x request matches.
set(PACKAGE_VERSION "3.11.2")
if(PACKAGE_FIND_VERSION_MAJOR AND NOT PACKAGE_FIND_VERSION_MAJOR EQUAL 3)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
