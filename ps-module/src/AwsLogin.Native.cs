// The P/Invoke layer between the AwsLogin script module and awslogin-core.
//
// Compiled once by `./build.ps1 Build` (Add-Type -OutputAssembly) into bin/AwsLogin.Native.dll,
// so Import-Module only loads a small assembly and never runs the C# compiler.
// The native library is bound by absolute path through a DllImport resolver: PowerShell's own
// probing looks next to the declaring assembly's <rid> folder, which we do not rely on.
using System;
using System.Buffers;
using System.Collections;
using System.Management.Automation;
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

        /// <summary>Binds the native library at <paramref name="libraryPath"/>: the first call
        /// into it loads it from there (the DllImport resolver), not this method, so a module
        /// import that is never followed by a command (a profile script's) never loads it. Safe
        /// to call from several runspaces; the first path wins for the process.</summary>
        public static void Initialize(string libraryPath)
        {
            lock (Gate)
            {
                if (loadedPath != null) return;
                Lazy<IntPtr> lib = new Lazy<IntPtr>(() => NativeLibrary.Load(libraryPath));
                NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, (name, assembly, searchPath) =>
                    name == Lib ? lib.Value : IntPtr.Zero);
                loadedPath = libraryPath;
            }
        }

        // The ABI version the module was written for, checked against the library's before its
        // first operation (EnsureCompatible); 0 = not given (Initialize alone, as tests do).
        private static uint expectedAbi;
        private static volatile bool compatible;

        private static void EnsureCompatible()
        {
            if (compatible) return;
            lock (Gate)
            {
                if (compatible) return;
                uint abi = awslogin_abi_version();
                if (expectedAbi != 0 && abi != expectedAbi)
                    throw new InvalidOperationException("AwsLogin: the native library at " + loadedPath + " has ABI version " + abi + ", but this module needs " + expectedAbi + ". Rebuild with ./build.ps1 Build, or reinstall the module.");
                compatible = true;
            }
        }

        /// <summary>The path of the bound library (loaded at the first call into it).</summary>
        public static string LoadedPath { get { return loadedPath; } }

        /// <summary>The platforms a release can carry, each in bin/&lt;rid&gt;/ of the module
        /// (.NET runtime identifiers).</summary>
        public static readonly string[] SupportedRids = { "linux-x64", "linux-arm64", "osx-x64", "osx-arm64", "win-x64", "win-arm64" };

        /// <summary>This machine's runtime identifier (os-arch, one of <see cref="SupportedRids"/>).
        /// The one place that decides it: the module at import and ./build.ps1 (which loads this
        /// assembly) both ask here.</summary>
        public static string CurrentRid
        {
            get
            {
                string arch;
                switch (RuntimeInformation.OSArchitecture)
                {
                    case Architecture.X64: arch = "x64"; break;
                    case Architecture.Arm64: arch = "arm64"; break;
                    default: throw new PlatformNotSupportedException("AwsLogin supports x64 and arm64 (" + string.Join(", ", SupportedRids) + "); this machine is " + RuntimeInformation.OSArchitecture + ".");
                }
                string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";
                return os + "-" + arch;
            }
        }

        /// <summary>The file name of the native library built for <paramref name="rid"/>.</summary>
        public static string LibraryFileName(string rid)
        {
            if (rid.StartsWith("win-", StringComparison.Ordinal)) return "awslogin_core.dll";
            if (rid.StartsWith("osx-", StringComparison.Ordinal)) return "libawslogin_core.dylib";
            return "libawslogin_core.so";
        }

        /// <summary>The platforms whose native library is present under
        /// <paramref name="moduleRoot"/>/bin/, in <see cref="SupportedRids"/> order.</summary>
        public static string[] AvailableRids(string moduleRoot)
        {
            System.Collections.Generic.List<string> found = new System.Collections.Generic.List<string>();
            foreach (string rid in SupportedRids)
                if (System.IO.File.Exists(System.IO.Path.Combine(moduleRoot, "bin", rid, LibraryFileName(rid)))) found.Add(rid);
            return found.ToArray();
        }

        /// <summary>In the header of bin/AwsLogin.Functions.ps1: the prefix of each line that
        /// records a merged source file, and the line after the last of them (written by
        /// ./build.ps1 Build with <see cref="MergedSourceEntry"/>).</summary>
        public const string MergedSourcePrefix = "#source ";
        public const string MergedSourcesEnd = "#end-sources";

        /// <summary>Beside bin/AwsLogin.Functions.ps1 (the commands without their bodies, parsed
        /// at import): the private helpers and the commands' bodies merged by the same build,
        /// parsed only at the first command.</summary>
        public const string MergedPrivateScriptName = "AwsLogin.Private.ps1";

        /// <summary>The paths of the two merged scripts, the commands' and then the private
        /// helpers' (<see cref="MergedPrivateScriptName"/>), or null when the module must
        /// dot-source Private/ and Public/ instead (one parse per script is cheaper than one per
        /// file at import). An installed module ships no Private/ or Public/ folder: the merged
        /// scripts are all it has. In a checkout, ./build.ps1 Build records each merged file's
        /// path, size and time in the commands' script's header, and the scripts are used only
        /// while Private/ and Public/ hold exactly those files, unchanged: an edit, a new file or
        /// a deleted one takes effect at the next import without a rebuild. Both paths come from
        /// here so that the module's script reads no constant (a fresh pwsh's first static
        /// field read costs ~3 ms of the import).</summary>
        public static string[] MergedScripts(string moduleRoot)
        {
            string merged = System.IO.Path.Combine(moduleRoot, "bin", "AwsLogin.Functions.ps1");
            string helpers = System.IO.Path.Combine(moduleRoot, "bin", MergedPrivateScriptName);
            if (!System.IO.File.Exists(merged) || !System.IO.File.Exists(helpers)) return null;
            string[] folders = { "Private", "Public" };
            bool hasSources = false;
            foreach (string folder in folders)
                hasSources |= System.IO.Directory.Exists(System.IO.Path.Combine(moduleRoot, folder));
            string[] both = { merged, helpers };
            if (!hasSources) return both;

            System.Collections.Generic.HashSet<string> recorded = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            using (System.IO.StreamReader reader = new System.IO.StreamReader(merged))
            {
                string line;
                while ((line = reader.ReadLine()) != null && line != MergedSourcesEnd)
                    if (line.StartsWith(MergedSourcePrefix, StringComparison.Ordinal)) recorded.Add(line.Substring(MergedSourcePrefix.Length));
                // No end marker: not a script written by this build; do not trust it.
                if (line == null) return null;
            }
            int present = 0;
            foreach (string folder in folders)
            {
                string dir = System.IO.Path.Combine(moduleRoot, folder);
                if (!System.IO.Directory.Exists(dir)) continue;
                foreach (string file in System.IO.Directory.GetFiles(dir, "*.ps1"))
                {
                    if (!recorded.Contains(MergedSourceEntry(folder, new System.IO.FileInfo(file)))) return null;
                    present++;
                }
            }
            return present == recorded.Count ? both : null;
        }

        /// <summary>How the merged script's header records one source file: its path relative
        /// to the module, its size and its last write time (UTC ticks).</summary>
        public static string MergedSourceEntry(string folder, System.IO.FileInfo file)
        {
            return folder + "/" + file.Name + " " + file.Length + " " + file.LastWriteTimeUtc.Ticks;
        }

        /// <summary>Binds the native library shipped in the module at
        /// <paramref name="moduleRoot"/>/bin/&lt;rid&gt;/ for this OS and architecture and returns its
        /// path, or null when this copy has none for this platform (the module's import then
        /// throws <see cref="MissingLibraryError"/>: its own message, where an exception thrown
        /// here would reach the user wrapped in "Exception calling ...", and no try/catch at
        /// import, whose first use in a fresh pwsh costs ~3 ms). The library is loaded, and its
        /// ABI version checked against <paramref name="expectedAbiVersion"/>, before the first
        /// operation. Done here rather than in script because every PowerShell construct run for
        /// the first time in a process costs milliseconds at import.</summary>
        public static string InitializeModule(string moduleRoot, uint expectedAbiVersion)
        {
            string path = LibraryPath(moduleRoot);
            if (!System.IO.File.Exists(path)) return null;
            Initialize(path);
            lock (Gate) { if (expectedAbi == 0) expectedAbi = expectedAbiVersion; }
            return loadedPath;
        }

        /// <summary>Why <see cref="InitializeModule"/> found no library: which platform, which
        /// file, which platforms this copy has, and what to do.</summary>
        public static PlatformNotSupportedException MissingLibraryError(string moduleRoot)
        {
            string rid = CurrentRid;
            string[] available = AvailableRids(moduleRoot);
            return new PlatformNotSupportedException("AwsLogin: this copy of the module has no native library for this platform, " + rid
                + " (" + LibraryPath(moduleRoot) + " is missing); it has libraries for " + (available.Length == 0 ? "no platform" : string.Join(", ", available))
                + ". Install a release that includes " + rid + ", or in a checkout of the repository run ./build.ps1 Build.");
        }

        private static string LibraryPath(string moduleRoot)
        {
            string rid = CurrentRid;
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(moduleRoot, "bin", rid, LibraryFileName(rid)));
        }

        [DllImport(Lib)] internal static extern uint awslogin_abi_version();
        [DllImport(Lib)] internal static extern IntPtr awslogin_version();
        // Statuses are uint32_t in C (awslogin_status, ABI 2), hence uint here.
        [DllImport(Lib)] internal static extern IntPtr awslogin_status_message(uint status);
        [DllImport(Lib)] internal static extern void awslogin_string_free(IntPtr s);
        [DllImport(Lib)] internal static extern uint awslogin_caller_identity(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_logout(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_sso_logout(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_credentials(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_list_profiles(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_write_process_profile(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_regions(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_console(byte[] request, out IntPtr result);
        [DllImport(Lib)] internal static extern uint awslogin_login(byte[] request, out OperationHandle operation);
        [DllImport(Lib)] internal static extern uint awslogin_sso_init(byte[] request, out OperationHandle operation);
        [DllImport(Lib)] internal static extern uint awslogin_sso_login(byte[] request, out OperationHandle operation);
        [DllImport(Lib)] internal static extern uint awslogin_sso_sync(byte[] request, out OperationHandle operation);
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

        // The request members of the cmdlet parameters that every operation reads the same way.
        private static readonly string[,] ParameterMembers = {
            { "ProfileName", "profileName" }, { "ProfileLocation", "profileLocation" }, { "Region", "region" },
            { "AccessKey", "accessKey" }, { "SecretKey", "secretKey" }, { "SessionToken", "sessionToken" },
            { "EndpointUrl", "endpointUrl" },
        };

        /// <summary>The request of a cmdlet call: its bound parameters as request members
        /// (unbound and $null ones left out; -Region may be a RegionEndpoint-like object, whose
        /// SystemName is the region; -Credential becomes accessKey/secretKey/sessionToken), then
        /// the operation's own members (extra, which win), then "verbose": false when the caller
        /// does not show -Verbose lines, so the library does not word them. Done here rather than
        /// in script: it runs on every call, where the script version cost a tenth of a
        /// millisecond.</summary>
        public static string NewRequest(IDictionary parameters, IDictionary extra, bool verbose)
        {
            var members = new System.Collections.Specialized.OrderedDictionary();
            if (parameters != null)
            {
                for (int i = 0; i < ParameterMembers.GetLength(0); i++)
                {
                    object value = parameters[ParameterMembers[i, 0]];
                    object unwrapped = Unwrap(value);
                    if (unwrapped == null) continue;
                    if (ParameterMembers[i, 0] == "Region" && !(unwrapped is string))
                    {
                        var systemName = PSObject.AsPSObject(value).Properties["SystemName"];
                        if (systemName != null) value = systemName.Value;
                    }
                    members[ParameterMembers[i, 1]] = LanguagePrimitives.ConvertTo<string>(value);
                }
                object credential = parameters["Credential"];
                object credentialValue = Unwrap(credential);
                if (credentialValue != null)
                {
                    CredentialInput input = credentialValue as CredentialInput ?? new CredentialInput(credential);
                    string accessKey, secretKey, sessionToken;
                    input.GetKeys(out accessKey, out secretKey, out sessionToken);
                    members["accessKey"] = accessKey;
                    members["secretKey"] = secretKey;
                    if (!string.IsNullOrEmpty(sessionToken)) members["sessionToken"] = sessionToken;
                }
            }
            if (extra != null)
            {
                foreach (DictionaryEntry e in extra) members[e.Key] = e.Value;
            }
            if (!verbose) members["verbose"] = false;
            return RequestJson(members);
        }

        // The object inside a PSObject wrapper, to test its type. A PSCustomObject's properties
        // live on the wrapper, so read properties from the wrapped value, never from this.
        private static object Unwrap(object value)
        {
            PSObject wrapped = value as PSObject;
            return wrapped != null ? wrapped.BaseObject : value;
        }

        /// <summary>A response or event of the library as PowerShell objects: objects become
        /// PSCustomObjects, arrays object[], integers long, other numbers double. Strings stay
        /// strings (ConvertFrom-Json would turn date-like ones into DateTimes of the machine's
        /// choosing; ConvertFromNativeTime makes every returned time). Done here rather than with
        /// ConvertFrom-Json, which costs a tenth of a millisecond on every call.</summary>
        public static object ReadJson(string json)
        {
            using (JsonDocument document = JsonDocument.Parse(json))
            {
                return ToPowerShell(document.RootElement);
            }
        }

        private static object ToPowerShell(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    PSObject o = new PSObject();
                    foreach (JsonProperty p in e.EnumerateObject()) o.Properties.Add(new PSNoteProperty(p.Name, ToPowerShell(p.Value)));
                    return o;
                case JsonValueKind.Array:
                    object[] items = new object[e.GetArrayLength()];
                    int n = 0;
                    foreach (JsonElement item in e.EnumerateArray()) items[n++] = ToPowerShell(item);
                    return items;
                case JsonValueKind.String: return e.GetString();
                case JsonValueKind.Number:
                    long whole;
                    return e.TryGetInt64(out whole) ? (object)whole : e.GetDouble();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                default: return null;
            }
        }

        /// <summary>The request again with answers[<paramref name="promptId"/>] = <paramref name="answer"/>,
        /// for a one-shot call repeated with what its prompt asked for. Every other member is
        /// kept as it was (a round trip through ConvertFrom-Json would turn a date-like
        /// environment value into a DateTime, and cost its first use in a process).</summary>
        public static string WithAnswer(string requestJson, string promptId, string answer)
        {
            System.Text.Json.Nodes.JsonObject request = System.Text.Json.Nodes.JsonNode.Parse(requestJson).AsObject();
            System.Text.Json.Nodes.JsonObject answers = request["answers"] as System.Text.Json.Nodes.JsonObject;
            if (answers == null)
            {
                answers = new System.Text.Json.Nodes.JsonObject();
                request["answers"] = answers;
            }
            answers[promptId] = answer;
            return request.ToJsonString();
        }

        /// <summary>Runs a one-shot operation ("CallerIdentity", "Logout", ...) and returns its
        /// response read by ReadJson.</summary>
        public static object Call(string operation, string requestJson)
        {
            return ReadJson(Invoke(operation, requestJson));
        }

        /// <summary>Runs a one-shot operation and returns its response JSON as the library wrote
        /// it: "CallerIdentity", "Logout", "SsoLogout", "Credentials", "ListProfiles",
        /// "WriteProcessProfile", "Regions" or "Console".</summary>
        public static string Invoke(string operation, string requestJson)
        {
            OneShotCall call;
            switch (operation)
            {
                case "CallerIdentity": call = awslogin_caller_identity; break;
                case "Logout": call = awslogin_logout; break;
                case "SsoLogout": call = awslogin_sso_logout; break;
                case "Credentials": call = awslogin_credentials; break;
                case "ListProfiles": call = awslogin_list_profiles; break;
                case "WriteProcessProfile": call = awslogin_write_process_profile; break;
                case "Regions": call = awslogin_regions; break;
                case "Console": call = awslogin_console; break;
                default: throw new ArgumentException("Unknown operation " + operation);
            }
            EnsureCompatible();
            IntPtr result;
            Check(call(Utf8z(requestJson), out result));
            return Take(result);
        }

        public static uint AbiVersion() { return awslogin_abi_version(); }
        public static string Version() { return Marshal.PtrToStringUTF8(awslogin_version()); }

        /// <summary>Starts an operation with a handle: "Login", "SsoInit", "SsoLogin" or "SsoSync".</summary>
        public static OperationHandle Start(string operation, string requestJson)
        {
            StartCall call;
            switch (operation)
            {
                case "Login": call = awslogin_login; break;
                case "SsoInit": call = awslogin_sso_init; break;
                case "SsoLogin": call = awslogin_sso_login; break;
                case "SsoSync": call = awslogin_sso_sync; break;
                default: throw new ArgumentException("Unknown operation " + operation);
            }
            // The marshaller creates the SafeHandle before the call and stores the pointer in it
            // as the call returns: nothing can run in between. On failure the library wrote
            // nothing and the handle is invalid (its release never runs); dispose it anyway.
            EnsureCompatible();
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
    /// <summary>The type of Get-STSCallerIdentity's -Credential. PowerShell binds a piped object
    /// to it only when this constructor accepts the object, so credentials (a PSCredential, AWS
    /// SDK credentials with GetCredentials(), an object with AccessKey and SecretKey) bind by
    /// value as the AWS cmdlet's AWSCredentials do, while any other piped object still binds
    /// -ProfileName and the rest by property name.</summary>
    public sealed class CredentialInput
    {
        public object Value { get; private set; }

        public CredentialInput(object value)
        {
            PSObject o = PSObject.AsPSObject(value);
            bool usable = o.BaseObject is PSCredential
                || o.Methods["GetCredentials"] != null
                || (o.Properties["AccessKey"] != null && o.Properties["SecretKey"] != null);
            if (!usable)
                throw new ArgumentException("The -Credential value holds no keys. Pass a PSCredential (user name = access key id, password = secret access key), AWS SDK credentials, or an object with AccessKey and SecretKey properties.", "Credential");
            Value = value;
        }

        /// <summary>The keys: a PSCredential's user name and password; what AWS SDK credentials'
        /// GetCredentials() returns; else the AccessKey, SecretKey and Token (or SessionToken)
        /// properties. Internal: only the request is given the secret.</summary>
        internal void GetKeys(out string accessKey, out string secretKey, out string sessionToken)
        {
            PSObject o = PSObject.AsPSObject(Value);
            PSCredential credential = o.BaseObject as PSCredential;
            if (credential != null)
            {
                accessKey = credential.UserName;
                secretKey = credential.GetNetworkCredential().Password;
                sessionToken = null;
                return;
            }
            PSMethodInfo getCredentials = o.Methods["GetCredentials"];
            if (getCredentials != null) o = PSObject.AsPSObject(getCredentials.Invoke());
            PSPropertyInfo access = o.Properties["AccessKey"], secret = o.Properties["SecretKey"];
            if (access == null || secret == null)
                throw new ArgumentException("The -Credential value's GetCredentials() returned no AccessKey and SecretKey.", "Credential");
            PSPropertyInfo token = o.Properties["Token"] ?? o.Properties["SessionToken"];
            accessKey = LanguagePrimitives.ConvertTo<string>(access.Value);
            secretKey = LanguagePrimitives.ConvertTo<string>(secret.Value);
            sessionToken = token == null ? null : LanguagePrimitives.ConvertTo<string>(token.Value);
        }
    }
}

namespace AwsLogin
{
    /// <summary>Get-STSCallerIdentity's ResponseMetadata, as the AWS SDK's response has it: the
    /// request id, shown as "RequestId: ..." inside the response's list view. A class, not a
    /// PSCustomObject given a ToString with Add-Member: it is built on every warm call, where
    /// Add-Member alone cost more than the whole native call. Its full name is the type name the
    /// format file's AwsLogin.ResponseMetadata view selects.</summary>
    public sealed class ResponseMetadata
    {
        public string RequestId { get; private set; }

        public ResponseMetadata(string requestId) { RequestId = requestId; }

        public override string ToString() { return "RequestId: " + RequestId; }
    }
}
