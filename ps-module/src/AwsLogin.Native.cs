// The P/Invoke layer between the AwsLogin script module and awslogin-core.
//
// Compiled once by `./build.ps1 Build` (Add-Type -OutputAssembly) into bin/AwsLogin.Native.dll,
// so Import-Module only loads a small assembly and never runs the C# compiler.
// The native library is bound by absolute path through a DllImport resolver: PowerShell's own
// probing looks next to the declaring assembly's <rid> folder, which we do not rely on.
using System;
using System.Buffers;
using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace AwsLogin.Native
{
    /// <summary>An awslogin_operation *; freed (and cancelled if running) when disposed. The
    /// start functions marshal the native pointer straight into it (out OperationHandle), so no
    /// failure between the native call and the wrapping can leak a running operation.</summary>
    public sealed class OperationHandle : SafeHandle
    {
        public OperationHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        protected override bool ReleaseHandle()
        {
            NativeMethods.awslogin_operation_free(handle);
            return true;
        }
    }

    public static class NativeMethods
    {
        private const string Lib = "awslogin_core";
        private static readonly object Gate = new object();
        private static string loadedPath;

        /// <summary>Binds the native library at <paramref name="libraryPath"/>. Safe to call
        /// from several runspaces; the first path wins for the process.</summary>
        public static void Initialize(string libraryPath)
        {
            lock (Gate)
            {
                if (loadedPath != null) return;
                IntPtr lib = NativeLibrary.Load(libraryPath);
                NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, (name, assembly, searchPath) =>
                    name == Lib ? lib : IntPtr.Zero);
                loadedPath = libraryPath;
            }
        }

        public static string LoadedPath { get { return loadedPath; } }

        /// <summary>The module's functions as one script when ./build.ps1 Build has merged them
        /// into bin/AwsLogin.Functions.ps1 and no source file is newer (one parse is cheaper than
        /// fifteen at import); otherwise null, and the module dot-sources Private/ and Public/.</summary>
        public static string MergedFunctionsScript(string moduleRoot)
        {
            string merged = System.IO.Path.Combine(moduleRoot, "bin", "AwsLogin.Functions.ps1");
            if (!System.IO.File.Exists(merged)) return null;
            DateTime built = System.IO.File.GetLastWriteTimeUtc(merged);
            foreach (string folder in new[] { "Private", "Public" })
                foreach (string file in System.IO.Directory.GetFiles(System.IO.Path.Combine(moduleRoot, folder), "*.ps1"))
                    if (System.IO.File.GetLastWriteTimeUtc(file) > built) return null;
            return merged;
        }

        /// <summary>Binds the native library shipped in the module at
        /// <paramref name="moduleRoot"/>/bin/&lt;rid&gt;/ for this OS and architecture, checks its
        /// ABI version and returns its path. Done here rather than in script because every
        /// PowerShell construct run for the first time in a process costs milliseconds at import.</summary>
        public static string InitializeModule(string moduleRoot, uint expectedAbiVersion)
        {
            string arch;
            switch (RuntimeInformation.OSArchitecture)
            {
                case Architecture.X64: arch = "x64"; break;
                case Architecture.Arm64: arch = "arm64"; break;
                default: throw new PlatformNotSupportedException("AwsLogin supports x64 and arm64; this machine is " + RuntimeInformation.OSArchitecture + ".");
            }
            string os, name;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) { os = "win"; name = "awslogin_core.dll"; }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) { os = "osx"; name = "libawslogin_core.dylib"; }
            else { os = "linux"; name = "libawslogin_core.so"; }
            string path = System.IO.Path.GetFullPath(System.IO.Path.Combine(moduleRoot, "bin", os + "-" + arch, name));
            if (!System.IO.File.Exists(path))
                throw new System.IO.FileNotFoundException("AwsLogin: the native library " + path + " is missing. Run ./build.ps1 Build in the repository, or install a release built for " + os + "-" + arch + ".", path);
            Initialize(path);
            uint abi = AbiVersion();
            if (abi != expectedAbiVersion)
                throw new InvalidOperationException("AwsLogin: the native library at " + loadedPath + " has ABI version " + abi + ", but this module needs " + expectedAbiVersion + ". Rebuild with ./build.ps1 Build.");
            return loadedPath;
        }

        [DllImport(Lib)] internal static extern uint awslogin_abi_version();
        [DllImport(Lib)] internal static extern IntPtr awslogin_version();
        // Statuses are uint32_t in C (awslogin_status, ABI 2), hence uint here.
        [DllImport(Lib)] internal static extern IntPtr awslogin_status_message(uint status);
        [DllImport(Lib)] internal static extern void awslogin_string_free(IntPtr s);
        [DllImport(Lib)] internal static extern uint awslogin_caller_identity(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_logout(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_sso_logout(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_console(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_login(byte[] request, out OperationHandle operation);
        [DllImport(Lib)] internal static extern uint awslogin_sso_init(byte[] request, out OperationHandle operation);
        [DllImport(Lib)] internal static extern uint awslogin_sso_login(byte[] request, out OperationHandle operation);
        [DllImport(Lib)] internal static extern uint awslogin_operation_next_event(OperationHandle operation, uint timeoutMs, out IntPtr eventJson);
        [DllImport(Lib)] internal static extern uint awslogin_operation_respond(OperationHandle operation, byte[] answer);
        [DllImport(Lib)] internal static extern uint awslogin_operation_cancel(OperationHandle operation);
        [DllImport(Lib)] internal static extern void awslogin_operation_free(IntPtr operation);

        private delegate uint OneShotCall(byte[] request, out IntPtr result);
        private delegate uint StartCall(byte[] request, out OperationHandle operation);

        private static byte[] Utf8z(string s)
        {
            int n = Encoding.UTF8.GetByteCount(s);
            byte[] b = new byte[n + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, b, 0);
            return b;
        }

        /// <summary>The text of a status, as the library words it (any number is accepted).</summary>
        public static string StatusMessage(uint status) { return Marshal.PtrToStringUTF8(awslogin_status_message(status)); }

        private static void Check(uint status)
        {
            if (status == 0) return;
            string message = StatusMessage(status);
            throw new InvalidOperationException("awslogin-core: " + message + " (status " + status + ")");
        }

        /// <summary>Copies a returned string and frees the native one.</summary>
        private static string Take(IntPtr s)
        {
            try { return Marshal.PtrToStringUTF8(s); }
            finally { awslogin_string_free(s); }
        }

        /// <summary>The request document: {"env": {...}, ...members}. The environment travels
        /// with every request because on Unix .NET keeps `$env:` changes from the C library's
        /// getenv. Empty variables count as unset. Built here rather than with ConvertTo-Json,
        /// which costs a fifth of a millisecond per call for the environment alone.</summary>
        public static string RequestJson(IDictionary members)
        {
            ArrayBufferWriter<byte> buffer = new ArrayBufferWriter<byte>(4096);
            using (Utf8JsonWriter w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteStartObject("env");
                foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
                {
                    string value = e.Value as string;
                    if (!string.IsNullOrEmpty(value)) w.WriteString((string)e.Key, value);
                }
                w.WriteEndObject();
                foreach (DictionaryEntry m in members)
                {
                    object value = m.Value;
                    System.Management.Automation.PSObject wrapped = value as System.Management.Automation.PSObject;
                    if (wrapped != null) value = wrapped.BaseObject;
                    w.WritePropertyName(m.Key.ToString());
                    JsonSerializer.Serialize(w, value, value == null ? typeof(object) : value.GetType());
                }
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        public static uint AbiVersion() { return awslogin_abi_version(); }
        public static string Version() { return Marshal.PtrToStringUTF8(awslogin_version()); }

        private static string OneShot(OneShotCall call, string requestJson)
        {
            IntPtr result;
            Check(call(Utf8z(requestJson), out result));
            return Take(result);
        }

        public static string CallerIdentity(string requestJson) { return OneShot(awslogin_caller_identity, requestJson); }
        public static string Logout(string requestJson) { return OneShot(awslogin_logout, requestJson); }
        public static string SsoLogout(string requestJson) { return OneShot(awslogin_sso_logout, requestJson); }
        public static string Console(string requestJson) { return OneShot(awslogin_console, requestJson); }

        /// <summary>Starts an interactive operation: "Login", "SsoInit" or "SsoLogin".</summary>
        public static OperationHandle Start(string operation, string requestJson)
        {
            StartCall call;
            switch (operation)
            {
                case "Login": call = awslogin_login; break;
                case "SsoInit": call = awslogin_sso_init; break;
                case "SsoLogin": call = awslogin_sso_login; break;
                default: throw new ArgumentException("Unknown operation " + operation);
            }
            // The marshaller creates the SafeHandle before the call and stores the pointer in it
            // as the call returns: nothing can run in between. On failure the library wrote
            // nothing and the handle is invalid (its release never runs); dispose it anyway.
            OperationHandle op;
            uint status = call(Utf8z(requestJson), out op);
            if (status != 0) { op.Dispose(); Check(status); }
            return op;
        }

        /// <summary>The next event as JSON; {"type":"idle"} when none came within the timeout.</summary>
        public static string NextEvent(OperationHandle operation, uint timeoutMs)
        {
            IntPtr ev;
            Check(awslogin_operation_next_event(operation, timeoutMs, out ev));
            return Take(ev);
        }

        public static void Respond(OperationHandle operation, string answerJson) { Check(awslogin_operation_respond(operation, Utf8z(answerJson))); }
        public static void Cancel(OperationHandle operation) { Check(awslogin_operation_cancel(operation)); }
    }
}
