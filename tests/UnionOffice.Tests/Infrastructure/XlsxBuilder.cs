using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace UnionOffice.Tests.Infrastructure;

/// <summary>Writes a real .xlsx (shared strings, as Excel does) for import tests.</summary>
public static class XlsxBuilder
{
    public static byte[] Build(string[] headers, string[][] rows)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var sst = wb.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable();
            var ws = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var all = new[] { headers }.Concat(rows).ToArray();
            for (var r = 0; r < all.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < all[r].Length; c++)
                {
                    sst.SharedStringTable.AppendChild(new SharedStringItem(new Text(all[r][c])));
                    row.AppendChild(new Cell
                    {
                        CellReference = $"{(char)('A' + c)}{r + 1}",
                        DataType = CellValues.SharedString,
                        CellValue = new CellValue((sst.SharedStringTable.ChildElements.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    });
                }
                data.AppendChild(row);
            }
            ws.Worksheet = new Worksheet(data);
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "Sheet1" }));
        }
        return ms.ToArray();
    }
}
