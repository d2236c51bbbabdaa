using System.Text;
using System.Xml;

namespace Procurement.Infrastructure.Files;

/// <summary>Collects the text of &lt;t&gt; elements (a string's own and its rich-text runs'), leaving out phonetic guides (&lt;rPh&gt;).</summary>
internal sealed class XlsxTextCollector
{
    private readonly StringBuilder _text = new();
    private bool _inText;
    private int _phonetic;

    public void Clear()
    {
        _text.Clear();
        _inText = false;
        _phonetic = 0;
    }

    public void Start(XmlReader reader)
    {
        if (reader.LocalName == "rPh" && !reader.IsEmptyElement)
        {
            _phonetic++;
        }
        else if (reader.LocalName == "t" && _phonetic == 0)
        {
            _inText = !reader.IsEmptyElement;
        }
    }

    public void Take(string text)
    {
        if (_inText)
        {
            _text.Append(text);
        }
    }

    public void End(XmlReader reader)
    {
        if (reader.LocalName == "rPh")
        {
            _phonetic--;
        }
        else if (reader.LocalName == "t")
        {
            _inText = false;
        }
    }

    public override string ToString() => _text.ToString();
}
