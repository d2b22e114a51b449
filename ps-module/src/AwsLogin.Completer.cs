// Tab completion of -ProfileName, -SessionName, -Region, -SSORegion and -Select.
//
// Every public command names this class in an [ArgumentCompleter([AwsLogin.Completer])]
// attribute on those parameters (tests/Completion.Tests.ps1 fails for one that does not).
// An attribute costs nothing until the user presses Tab, where Register-ArgumentCompleter at
// import would cost 25-100 ms in a fresh pwsh; and as compiled code the completer adds nothing to
// the script PowerShell parses at import.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.Json;
using AwsLogin.Native;

namespace AwsLogin
{
    /// <summary>Completes profile and sso-session names from the native parser (the one the
    /// cmdlets use, so a name it offers is a name they accept), region codes from the native
    /// region table, and -Select values from the command's own validation. When something fails
    /// (a config file with a syntax error, say) it completes nothing: an error printed into the
    /// middle of a command line helps nobody (and PowerShell offers file names instead).</summary>
    public sealed class Completer : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            // What the user typed so far, without the quote they may have opened (and keep).
            string word = wordToComplete ?? "";
            string quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word.Substring(0, 1) : "";
            string typed = word.Substring(quote.Length);
            if (typed.Length > 0 && (typed[typed.Length - 1] == '\'' || typed[typed.Length - 1] == '"')) typed = typed.Substring(0, typed.Length - 1);
            WildcardPattern pattern = new WildcardPattern(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase);

            List<KeyValuePair<string, string>> candidates;
            try
            {
                candidates = Candidates(commandName, parameterName, fakeBoundParameters);
            }
            catch (Exception)
            {
                return null;
            }

            List<CompletionResult> results = new List<CompletionResult>();
            foreach (KeyValuePair<string, string> candidate in candidates)
            {
                string name = candidate.Key;
                if (!pattern.IsMatch(name)) continue;
                // Names are A-Z a-z 0-9 - / . % @ _ : + only, so nothing inside an opened quote
                // needs escaping; without one, quote what PowerShell would not read back as this
                // one bare word (a leading - or @, a space, ...).
                string text = quote.Length > 0 ? quote + name + quote : (IsBareWord(name) ? name : "'" + CodeGeneration.EscapeSingleQuotedStringContent(name) + "'");
                results.Add(new CompletionResult(text, name, CompletionResultType.ParameterValue, candidate.Value));
            }
            // Nothing to offer: null, so that PowerShell completes file names as it does for a
            // parameter without a completer (an empty list would complete nothing at all).
            return results.Count == 0 ? null : results;
        }

        private static List<KeyValuePair<string, string>> Candidates(string commandName, string parameterName, IDictionary fakeBoundParameters)
        {
            List<KeyValuePair<string, string>> found = new List<KeyValuePair<string, string>>();
            switch (parameterName)
            {
                case "ProfileName":
                case "SessionName":
                    {
                        Hashtable parameters = new Hashtable();
                        string location = fakeBoundParameters == null ? null : fakeBoundParameters["ProfileLocation"] as string;
                        if (!string.IsNullOrEmpty(location))
                        {
                            // Relative to PowerShell's current folder, which is not the process's.
                            parameters["ProfileLocation"] = Engine().SessionState.Path.GetUnresolvedProviderPathFromPSPath(location);
                        }
                        using (JsonDocument response = JsonDocument.Parse(NativeMethods.Invoke("ListProfiles", NativeMethods.NewRequest(parameters, null, false))))
                        {
                            if (!response.RootElement.GetProperty("ok").GetBoolean()) break;
                            JsonElement result = response.RootElement.GetProperty("result");
                            if (parameterName == "ProfileName")
                            {
                                foreach (JsonElement entry in result.GetProperty("profiles").EnumerateArray())
                                {
                                    List<string> files = new List<string>();
                                    foreach (JsonElement file in entry.GetProperty("Files").EnumerateArray()) files.Add(file.GetString());
                                    string name = entry.GetProperty("ProfileName").GetString();
                                    found.Add(new KeyValuePair<string, string>(name, "profile " + name + " (" + string.Join(", ", files) + ")"));
                                }
                            }
                            else
                            {
                                string configPath = result.GetProperty("configPath").GetString();
                                foreach (JsonElement session in result.GetProperty("ssoSessions").EnumerateArray())
                                {
                                    string name = session.GetProperty("name").GetString();
                                    found.Add(new KeyValuePair<string, string>(name, "sso-session " + name + " (" + configPath + ")"));
                                }
                            }
                        }
                        break;
                    }
                case "Region":
                case "SSORegion":
                    using (JsonDocument response = JsonDocument.Parse(NativeMethods.Invoke("Regions", "{}")))
                    {
                        foreach (JsonElement region in response.RootElement.GetProperty("result").GetProperty("regions").EnumerateArray())
                        {
                            string code = region.GetProperty("code").GetString();
                            found.Add(new KeyValuePair<string, string>(code, code + ": " + region.GetProperty("name").GetString()));
                        }
                    }
                    break;
                case "Select":
                    {
                        CommandInfo command = Engine().InvokeCommand.GetCommand(commandName, CommandTypes.Function | CommandTypes.Cmdlet);
                        if (command == null) break;
                        // What the command's own validation accepts, so the list cannot drift
                        // from it: a ValidateSet's values, or the literal alternatives of a
                        // ValidatePattern such as ^(\*|Arn|Account)$.
                        foreach (Attribute attribute in command.Parameters["Select"].Attributes)
                        {
                            IEnumerable<string> values = Array.Empty<string>();
                            ValidateSetAttribute set = attribute as ValidateSetAttribute;
                            ValidatePatternAttribute validatePattern = attribute as ValidatePatternAttribute;
                            if (set != null) values = set.ValidValues;
                            else if (validatePattern != null) values = PatternAlternatives(validatePattern.RegexPattern);
                            foreach (string value in values)
                                found.Add(new KeyValuePair<string, string>(value, value == "*" ? "the whole result" : "only the " + value + " property of the result"));
                        }
                        // ^Name returns the value given to -Name, as in the AWS Tools.
                        HashSet<string> common = new HashSet<string>(PSCmdlet.CommonParameters, StringComparer.OrdinalIgnoreCase);
                        common.UnionWith(PSCmdlet.OptionalCommonParameters);
                        foreach (string name in command.Parameters.Keys)
                            if (!common.Contains(name) && name != "Select") found.Add(new KeyValuePair<string, string>("^" + name, "the value given to -" + name));
                        break;
                    }
            }
            return found;
        }

        // The session's engine: the completer runs on the pipeline thread of the runspace that
        // asked, where a script block sees that runspace's current location and commands.
        private static EngineIntrinsics Engine()
        {
            return (EngineIntrinsics)ScriptBlock.Create("$ExecutionContext").Invoke()[0].BaseObject;
        }

        private static IEnumerable<string> PatternAlternatives(string regex)
        {
            string body = regex;
            if (body.StartsWith("^(", StringComparison.Ordinal)) body = body.Substring(2);
            if (body.EndsWith(")$", StringComparison.Ordinal)) body = body.Substring(0, body.Length - 2);
            foreach (string alternative in body.Split('|'))
            {
                string literal = System.Text.RegularExpressions.Regex.Replace(alternative, @"\\(\W)", "$1");
                if (System.Text.RegularExpressions.Regex.IsMatch(literal, @"^[\w*]+$")) yield return literal;
            }
        }

        private static bool IsBareWord(string text)
        {
            Token[] tokens;
            ParseError[] errors;
            ScriptBlockAst ast = Parser.ParseInput("x " + text, out tokens, out errors);
            if (errors.Length != 0 || ast.EndBlock.Statements.Count != 1) return false;
            PipelineAst pipeline = ast.EndBlock.Statements[0] as PipelineAst;
            if (pipeline == null || pipeline.PipelineElements.Count != 1) return false;
            CommandAst command = pipeline.PipelineElements[0] as CommandAst;
            if (command == null || command.CommandElements.Count != 2) return false;
            StringConstantExpressionAst element = command.CommandElements[1] as StringConstantExpressionAst;
            return element != null && string.Equals(element.Value, text, StringComparison.Ordinal);
        }
    }
}
