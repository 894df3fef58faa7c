using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.HighLevelAPI;

namespace UnionOffice.Tokens;

/// <summary>
/// Pkcs11Interop finds dlopen through the library name "libdl", which glibc 2.34+ (Debian 12, Ubuntu 22.04) ships only as
/// libdl.so.2 (libdl.so comes with libc6-dev, which a user's computer does not have). The maintainer's advice is to map
/// the name in the application (Pkcs11Interop issue #239): on Linux "libdl" is libdl.so.2, then libc.so.6 where dlopen
/// now lives. Registered once per process, before the first library is loaded.
/// </summary>
public static class Pkcs11Native
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, Resolve);
        return true;
    });

    public static void EnsureResolver() => _ = Registered.Value;

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != "libdl" || !OperatingSystem.IsLinux()) return IntPtr.Zero;
        foreach (var candidate in new[] { "libdl.so.2", "libc.so.6", "libdl.so" })
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle)) return handle;
        return IntPtr.Zero;
    }
}
