using Bunit;
using Procurement.Web.Components.Shared;

namespace Procurement.ComponentTests.Shared;

/// <summary>
/// The editor's wiring to its script: what it shows, what edits report back, what the toolbar runs. Editing itself
/// happens in the browser and is proven by the supplier journey (Playwright).
/// </summary>
public class RichTextEditorTests : ComponentTestContext
{
    private const string Script = "./Components/Shared/RichTextEditor.razor.js";

    private readonly BunitJSModuleInterop _module;

    public RichTextEditorTests() => _module = Context.JSInterop.SetupModule(Script);

    [Fact]
    public void The_value_is_shown_and_edits_flow_back()
    {
        var value = "<p>洮河谷地种植</p>";
        var editor = Render<RichTextEditor>(p => p
            .Add(x => x.Id, "description")
            .Add(x => x.Value, value)
            .Add(x => x.ValueChanged, html => value = html));

        var attach = _module.VerifyInvoke("attach");
        Assert.Equal("<p>洮河谷地种植</p>", attach.Arguments[3]);

        editor.InvokeAsync(() => editor.Instance.Changed("<p>洮河谷地<strong>种植</strong></p>"));
        Assert.Equal("<p>洮河谷地<strong>种植</strong></p>", value);
    }

    [Fact]
    public void A_value_replaced_by_the_form_is_shown_again()
    {
        var editor = Render<RichTextEditor>(p => p.Add(x => x.Id, "description").Add(x => x.Value, ""));

        editor.Render(p => p.Add(x => x.Value, "<p>载入的商品介绍</p>"));

        Assert.Equal("<p>载入的商品介绍</p>", _module.VerifyInvoke("show").Arguments[1]);
    }

    [Theory]
    [InlineData("bold", "bold", "")]
    [InlineData("heading", "formatBlock", "h3")]
    [InlineData("bullets", "insertUnorderedList", "")]
    [InlineData("link", "createLink", "")]
    public void Toolbar_buttons_carry_the_command_the_script_runs(string button, string command, string argument)
    {
        var editor = Render<RichTextEditor>(p => p.Add(x => x.Id, "description"));

        var element = editor.Find($"button[data-command='{button}']");

        Assert.Equal(command, element.GetAttribute("data-exec"));
        Assert.Equal(argument, element.GetAttribute("data-argument") ?? "");
        Assert.False(element.HasAttribute("disabled"));
        // The link button asks for an address in the reader's language.
        Assert.Contains("http", (string)_module.VerifyInvoke("attach").Arguments[4]!);
    }

    [Fact]
    public void An_error_replaces_the_help_text()
    {
        var editor = Render<RichTextEditor>(p => p
            .Add(x => x.Id, "description")
            .Add(x => x.HelperText, "选中文字后可加粗")
            .Add(x => x.Error, true)
            .Add(x => x.ErrorText, "商品描述不能超过 5000 字。"));

        Assert.Contains("商品描述不能超过 5000 字。", editor.Find(".rich-text__help").TextContent);
        Assert.Contains("rich-text--error", editor.Find("#description").ClassName);
    }
}
