# ironlb_packet: AF_PACKET socket for the speaker (ARP/NDP). Linux only; built by scripts/build-native.mjs.
{
  "targets": [
    {
      "target_name": "ironlb_packet",
      "sources": ["src/packet_socket.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_DISABLE_CPP_EXCEPTIONS", "NAPI_VERSION=8"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-O2"]
    }
  ]
}
