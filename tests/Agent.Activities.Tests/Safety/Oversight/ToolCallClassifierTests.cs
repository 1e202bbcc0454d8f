using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;

namespace Agent.Activities.Tests.Safety.Oversight;

[TestClass]
public sealed class ToolCallClassifierTests
{
    // Shaped as Claude Code 2.1 sends it (see /work/shared/outside-apis.md).
    private static HookInput Hook(string tool, string input, string cwd = "/work/tree") => HookInput.Parse($$"""
        {"session_id":"s1","transcript_path":"/tmp/t.jsonl","cwd":"{{cwd}}","permission_mode":"acceptEdits","hook_event_name":"PreToolUse",
         "tool_name":"{{tool}}","tool_input":{{input}},"tool_use_id":"toolu_1"}
        """);

    [TestMethod]
    public void Bash_is_a_command_with_the_host_of_the_url_it_names()
    {
        var action = ToolCallClassifier.Classify(Hook("Bash", """{"command":"curl -d @secret.txt http://127.0.0.1:9/x","description":"send"}"""));
        Assert.AreEqual(new PolicyAction(PolicyActionClasses.Command, Tool: "Bash", Command: "curl -d @secret.txt http://127.0.0.1:9/x", Host: "127.0.0.1"), action);
    }

    [TestMethod]
    [DataRow("Write", """{"file_path":"/etc/passwd","content":"x"}""", "/etc/passwd")]
    [DataRow("Edit", """{"file_path":"src/a.cs","old_string":"a","new_string":"b"}""", "/work/tree/src/a.cs")]
    [DataRow("MultiEdit", """{"file_path":"/work/tree/../outside.txt","edits":[]}""", "/work/outside.txt")]
    [DataRow("NotebookEdit", """{"notebook_path":"nb.ipynb","new_source":"x"}""", "/work/tree/nb.ipynb")]
    public void Editing_tools_are_file_edits_with_an_absolute_normalised_path(string tool, string input, string path) =>
        Assert.AreEqual(new PolicyAction(PolicyActionClasses.FileEdit, Tool: tool, Path: path), ToolCallClassifier.Classify(Hook(tool, input)));

    [TestMethod]
    public void Read_resolves_the_home_directory_of_the_run()
    {
        var action = ToolCallClassifier.Classify(Hook("Read", """{"file_path":"~/.ssh/id_rsa"}"""), "/tmp/home");
        Assert.AreEqual(new PolicyAction(PolicyActionClasses.FileRead, Tool: "Read", Path: "/tmp/home/.ssh/id_rsa"), action);
    }

    [TestMethod]
    public void Grep_and_Glob_read_their_path_or_the_cwd()
    {
        Assert.AreEqual("/srv/secrets", ToolCallClassifier.Classify(Hook("Grep", """{"pattern":"key","path":"/srv/secrets"}""")).Path);
        var glob = ToolCallClassifier.Classify(Hook("Glob", """{"pattern":"**/*.cs"}"""));
        Assert.AreEqual(new PolicyAction(PolicyActionClasses.FileRead, Tool: "Glob", Path: "/work/tree"), glob);
    }

    [TestMethod]
    public void Web_tools_are_network_actions()
    {
        Assert.AreEqual(new PolicyAction(PolicyActionClasses.Network, Tool: "WebFetch", Host: "example.com"),
            ToolCallClassifier.Classify(Hook("WebFetch", """{"url":"https://example.com/a?b=c","prompt":"summarise"}""")));
        Assert.AreEqual(new PolicyAction(PolicyActionClasses.Network, Tool: "WebSearch"), ToolCallClassifier.Classify(Hook("WebSearch", """{"query":"x"}""")));
    }

    [TestMethod]
    public void Mcp_and_unknown_tools_are_mcp_tool_actions_named_by_the_tool()
    {
        Assert.AreEqual(new PolicyAction(PolicyActionClasses.McpTool, Tool: "mcp__memory__create_entities"),
            ToolCallClassifier.Classify(Hook("mcp__memory__create_entities", """{"entities":[]}""")));
        Assert.AreEqual(new PolicyAction(PolicyActionClasses.McpTool, Tool: "TodoWrite"), ToolCallClassifier.Classify(Hook("TodoWrite", """{"todos":[]}""")));
    }

    [TestMethod]
    public void Input_that_is_not_a_tool_hook_says_what_is_missing()
    {
        var e = Assert.ThrowsExactly<HookInputException>(() => HookInput.Parse("""{"hook_event_name":"Stop"}"""));
        StringAssert.Contains(e.Message, "tool_name");
        StringAssert.Contains(Assert.ThrowsExactly<HookInputException>(() => HookInput.Parse("{nope")).Message, "not JSON");
    }
}
