// ironlb_packet: one AF_PACKET SOCK_RAW socket per interface, polled by libuv, filtered in the
// kernel so only ARP, ICMPv6 NS/NA and the speakers' heartbeats reach JavaScript. Needs CAP_NET_RAW; never aborts: every
// failure becomes a JS Error with .code (errno name) and .syscall.
#include <napi.h>
#include <uv.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <linux/filter.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

namespace {

// Classic BPF: accept ethertype 0x0806 (ARP), 0x88b5 (the speakers' LAN heartbeats, IEEE 802
// local experimental), or 0x86dd with next header 58 (ICMPv6, no extension headers) and ICMPv6
// type 135/136 (NS/NA); drop everything else in the kernel.
sock_filter kFilter[] = {
    {0x28, 0, 0, 12},          // 0  ldh [12]            ethertype
    {0x15, 7, 0, 0x0806},      // 1  jeq ARP -> accept
    {0x15, 6, 0, 0x88b5},      // 2  jeq heartbeat -> accept
    {0x15, 0, 6, 0x86dd},      // 3  jne IPv6 -> drop
    {0x30, 0, 0, 20},          // 4  ldb [20]            IPv6 next header
    {0x15, 0, 4, 58},          // 5  jne ICMPv6 -> drop
    {0x30, 0, 0, 54},          // 6  ldb [54]            ICMPv6 type
    {0x15, 1, 0, 135},         // 7  jeq NS -> accept
    {0x15, 0, 1, 136},         // 8  jne NA -> drop
    {0x06, 0, 0, 0x00040000},  // 9  accept: ret whole frame
    {0x06, 0, 0, 0},           // 10 drop
};

// The heartbeats' locally administered group address (lib/packet/heartbeat.ts HEARTBEAT_MAC):
// joined on the NIC so its hardware filter lets them in without promiscuous mode.
const unsigned char kHeartbeatGroup[6] = {0x03, 0x00, 0x69, 0x6c, 0x62, 0x01};

Napi::Error MakeErrno(Napi::Env env, int err, const char* syscall, const std::string& what) {
  std::string message = what + ": " + strerror(err) + " (" + syscall + ")";
  if (err == EPERM || err == EACCES) message += " - the speaker needs CAP_NET_RAW";
  Napi::Error e = Napi::Error::New(env, message);
  e.Set("code", Napi::String::New(env, uv_err_name(-err)));
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("syscall", Napi::String::New(env, syscall));
  return e;
}

std::string FormatMac(const unsigned char* b) {
  char s[18];
  snprintf(s, sizeof s, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
  return s;
}

class PacketSocket : public Napi::ObjectWrap<PacketSocket> {
 public:
  static Napi::Object Init(Napi::Env env, Napi::Object exports) {
    Napi::Function ctor = DefineClass(env, "PacketSocket", {
        InstanceMethod("send", &PacketSocket::Send),
        InstanceMethod("close", &PacketSocket::Close),
        InstanceAccessor("mac", &PacketSocket::GetMac, nullptr),
        InstanceAccessor("ifindex", &PacketSocket::GetIfindex, nullptr),
        InstanceAccessor("groupError", &PacketSocket::GetGroupError, nullptr),
    });
    exports.Set("PacketSocket", ctor);
    return exports;
  }

  // new PacketSocket(ifname, onFrame(buffer), onError(error))
  explicit PacketSocket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<PacketSocket>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 3 || !info[0].IsString() || !info[1].IsFunction() || !info[2].IsFunction()) {
      Napi::TypeError::New(env, "PacketSocket(ifname: string, onFrame: Function, onError: Function)").ThrowAsJavaScriptException();
      return;
    }
    ifname_ = info[0].As<Napi::String>().Utf8Value();
    if (ifname_.empty() || ifname_.size() >= IFNAMSIZ) {
      Napi::TypeError::New(env, "interface name must be 1 to 15 characters").ThrowAsJavaScriptException();
      return;
    }
    on_frame_ = Napi::Persistent(info[1].As<Napi::Function>());
    on_error_ = Napi::Persistent(info[2].As<Napi::Function>());
    if (!Open(env)) return;
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    poll_ = new uv_poll_t;
    poll_->data = this;
    uv_poll_init_socket(loop, poll_, fd_);
    uv_poll_start(poll_, UV_READABLE, OnReadable);
    async_context_ = new Napi::AsyncContext(env, "ironlb:packet");
    Ref();  // stay alive while the poll handle points at us
    referenced_ = true;
  }

  ~PacketSocket() override {
    StopPolling();
    if (fd_ >= 0) ::close(fd_);
    delete async_context_;
  }

 private:
  bool Fail(Napi::Env env, const char* syscall, const std::string& what) {
    int err = errno;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    MakeErrno(env, err, syscall, what).ThrowAsJavaScriptException();
    return false;
  }

  bool Open(Napi::Env env) {
    // Protocol 0 receives nothing until bind(), so no unfiltered frame slips in before the filter.
    fd_ = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return Fail(env, "socket", "cannot open an AF_PACKET socket");
    sock_fprog prog = {static_cast<unsigned short>(sizeof kFilter / sizeof kFilter[0]), kFilter};
    if (setsockopt(fd_, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) < 0) return Fail(env, "setsockopt", "cannot attach the ARP/NDP socket filter");
    int one = 1;
    // Our own frames must not come back; older kernels (< 4.20) lack this, so it is best effort.
    setsockopt(fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    ifreq req{};
    strncpy(req.ifr_name, ifname_.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd_, SIOCGIFINDEX, &req) < 0) return Fail(env, "ioctl", "interface " + ifname_ + " not found");
    ifindex_ = req.ifr_ifindex;
    if (ioctl(fd_, SIOCGIFHWADDR, &req) < 0) return Fail(env, "ioctl", "cannot read the MAC of " + ifname_);
    if (req.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
      errno = EINVAL;
      return Fail(env, "ioctl", "interface " + ifname_ + " is not Ethernet");
    }
    mac_ = FormatMac(reinterpret_cast<unsigned char*>(req.ifr_hwaddr.sa_data));
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = ifindex_;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0) return Fail(env, "bind", "cannot bind to " + ifname_);
    packet_mreq group{};
    group.mr_ifindex = ifindex_;
    group.mr_type = PACKET_MR_MULTICAST;
    group.mr_alen = 6;
    memcpy(group.mr_address, kHeartbeatGroup, 6);
    // Best effort: a software device (veth, bridge port) delivers every frame anyway.
    if (setsockopt(fd_, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &group, sizeof group) < 0) group_errno_ = errno;
    return true;
  }

  static void OnReadable(uv_poll_t* handle, int status, int /*events*/) {
    auto* self = static_cast<PacketSocket*>(handle->data);
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    if (status < 0) {
      // libuv says EBADF for any POLLERR; the socket knows the real cause (ENETDOWN, ENXIO...).
      int err = 0;
      socklen_t len = sizeof err;
      if (getsockopt(self->fd_, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err == 0) err = -status;
      self->ReportError(env, err, "poll");
      return;
    }
    self->Drain(env);
  }

  void Drain(Napi::Env env) {
    unsigned char buf[9216];
    // Bounded so one busy interface cannot starve the event loop.
    for (int i = 0; i < 256 && fd_ >= 0; i++) {
      sockaddr_ll from{};
      socklen_t fromlen = sizeof from;
      ssize_t n = recvfrom(fd_, buf, sizeof buf, MSG_TRUNC, reinterpret_cast<sockaddr*>(&from), &fromlen);
      if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ReportError(env, errno, "recvfrom");
        return;
      }
      if (from.sll_pkttype == PACKET_OUTGOING || static_cast<size_t>(n) > sizeof buf) continue;
      Napi::Buffer<unsigned char> frame = Napi::Buffer<unsigned char>::Copy(env, buf, n);
      Deliver(env, on_frame_, frame);
    }
  }

  void Deliver(Napi::Env env, Napi::FunctionReference& fn, Napi::Value arg) {
    napi_value argv[] = {arg};
    napi_value result;
    napi_status st = napi_make_callback(env, *async_context_, Value(), fn.Value(), 1, argv, &result);
    if (st == napi_pending_exception) {
      napi_value exception;
      napi_get_and_clear_last_exception(env, &exception);
      napi_fatal_exception(env, exception);  // same as a throw in any other I/O callback
    }
  }

  // A dead interface (ENETDOWN, ENXIO) stops polling so it cannot spin; JS decides to reopen.
  void ReportError(Napi::Env env, int err, const char* syscall) {
    StopPolling();
    Deliver(env, on_error_, MakeErrno(env, err, syscall, "socket on " + ifname_ + " failed").Value());
  }

  Napi::Value Send(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (fd_ < 0) {
      MakeErrno(env, EBADF, "send", "socket on " + ifname_ + " is closed").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (info.Length() < 1 || !info[0].IsTypedArray()) {
      Napi::TypeError::New(env, "send(frame: Uint8Array)").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Uint8Array frame = info[0].As<Napi::Uint8Array>();
    if (send(fd_, frame.Data(), frame.ByteLength(), 0) < 0) {
      MakeErrno(env, errno, "send", "cannot send on " + ifname_).ThrowAsJavaScriptException();
    }
    return env.Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Shutdown();
    return info.Env().Undefined();
  }

  void StopPolling() {
    if (poll_ == nullptr) return;
    uv_poll_stop(poll_);
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    poll_ = nullptr;
  }

  // The async context lives until the destructor: close() may run inside a frame callback.
  void Shutdown() {
    StopPolling();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (referenced_) Unref();
    referenced_ = false;
  }

  Napi::Value GetMac(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), mac_); }
  Napi::Value GetIfindex(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), ifindex_); }
  // Why joining the heartbeat group failed (errno name), or null.
  Napi::Value GetGroupError(const Napi::CallbackInfo& info) {
    if (group_errno_ == 0) return info.Env().Null();
    return Napi::String::New(info.Env(), uv_err_name(-group_errno_));
  }

  std::string ifname_;
  std::string mac_;
  int ifindex_ = 0;
  int fd_ = -1;
  int group_errno_ = 0;
  bool referenced_ = false;
  uv_poll_t* poll_ = nullptr;
  Napi::AsyncContext* async_context_ = nullptr;
  Napi::FunctionReference on_frame_;
  Napi::FunctionReference on_error_;
};

// EEVDF (Linux >= 6.12) lets a SCHED_OTHER thread ask for a shorter slice, which lets it preempt
// on wakeup instead of queueing behind busy tasks for up to a full slice. No privilege needed;
// older kernels ignore the field. Applies to the calling (main) thread.
struct SchedAttr {
  uint32_t size, sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime, sched_deadline, sched_period;
  uint32_t sched_util_min, sched_util_max;
};

Napi::Value RequestShortSlice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint64_t slice_ns = info.Length() > 0 && info[0].IsNumber() ? static_cast<uint64_t>(info[0].As<Napi::Number>().Int64Value()) : 100000;
  SchedAttr attr{};
  attr.size = sizeof attr;
  attr.sched_policy = 0;  // SCHED_OTHER
  errno = 0;
  attr.sched_nice = getpriority(PRIO_PROCESS, 0);
  attr.sched_runtime = slice_ns;
  if (syscall(SYS_sched_setattr, 0, &attr, 0) < 0) {
    MakeErrno(env, errno, "sched_setattr", "cannot request a short scheduler slice").ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  exports.Set("requestShortSlice", Napi::Function::New(env, RequestShortSlice));
  return PacketSocket::Init(env, exports);
}

}  // namespace

NODE_API_MODULE(ironlb_packet, InitModule)
