package data

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the sample sheets from the tables in this file")

// The sample sheets' files, relative to this package's folder.
const (
	sampleParticipantsFile = "sample/participants.xlsx"
	sampleCasesFile        = "sample/cases.xlsx"
)

// The three fictional youth offending teams of the sample study.
const (
	nb = "Northbridge YOT"
	em = "Eastmoor YOS"
	cv = "Carrow Valley YJS"
)

// sampleParticipant is one row of the sample participants sheet. An Age of
// 0 is written as a blank cell.
type sampleParticipant struct {
	ID, Role, Group, YOT string
	Age                  int
	Gender, Order        string
	Interviewed          string
}

var sampleParticipantsHeader = []string{"Participant", "Role", "Group", "YOT", "Age", "Gender", "Order", "Interviewed"}

// sampleParticipants matches the transcripts in sample/transcripts (their
// front matter, and for YP06, which has none, what the interview says). For
// parents, Order is their child's order.
var sampleParticipants = []sampleParticipant{
	{"YP01", "child", "desister", nb, 17, "male", "referral order", "spring 2016"},
	{"YP02", "child", "desister", em, 16, "female", "YRO with supervision and reparation", "spring 2016"},
	{"YP03", "child", "desister", cv, 18, "male", "DTO with resettlement", "spring 2016"},
	{"YP04", "child", "desister", nb, 15, "female", "youth conditional caution (out-of-court disposal)", "summer 2016"},
	{"YP05", "child", "persister", em, 16, "male", "YRO with supervision, curfew and tag", "spring 2016"},
	{"YP06", "child", "persister", cv, 17, "female", "YRO with supervision and unpaid work (after referral order)", "spring 2016"},
	{"YP07", "child", "persister", nb, 14, "male", "YRO with supervision and activity (after referral order)", "spring 2016"},
	{"YP08", "child", "persister", em, 17, "male", "DTO with resettlement, now YRO", "summer 2016"},
	{"PC01", "parent", "desister", cv, 0, "", "YRO with curfew and reparation", "spring 2016"},
	{"PC02", "parent", "persister", nb, 0, "", "YRO with supervision and curfew", "spring 2016"},
	{"CW01", "worker", "", em, 0, "", "", "spring 2016"},
	{"CW02", "worker", "", cv, 0, "", "", "spring 2016"},
}

// sampleCase is one row of the sample case sheet, one field per column of
// sampleCasesHeader. Yes/no fields hold the cell text as an inspector typed
// it (several accepted spellings on purpose); Structural is written as a
// real TRUE/FALSE cell and Orders as a number; an empty string is a blank
// cell.
type sampleCase struct {
	Case, YOT, Outcome                         string
	SelfAssessment, Views                      string
	LearningStyles, StyleUsed                  string
	Compliance, BarriersAssessed, BarriersPlan string
	Orders                                     int
	Repeated                                   string
	Structural                                 bool
	Relationship                               string
	Assessment, Planning, Delivery, Reviewing  string
	Notes                                      string
}

// sampleCasesHeader mixes the contract's column names and their aliases, as
// real inspection spreadsheets do.
var sampleCasesHeader = []string{
	"Case ref",
	"Youth offending team",
	"Outcome",
	"WDYT completed",
	"Child's views in plan",
	"Learning styles questionnaire completed",
	"Learning style used",
	"Problems with compliance",
	"Barriers assessed",
	"Plan to address barriers",
	"Number of court orders",
	"Interventions repeated",
	"Structural barriers supported",
	"Effective working relationship",
	"2.1.1c",
	"2.2.1c",
	"2.3.1c",
	"2.4.1c",
	"Inspector notes",
}

// sampleCases are the fictional case records: 22 cases in each YOT, 11
// desisters and 11 persisters in each. The figures are set to the scale of
// the 2016 inspection's findings (see codebook-spec "For scale"); the test
// logs them.
var sampleCases = []sampleCase{
	{"NB-005", nb, "persister", "Yes", "N", "no", "n/a", "Yes", "Y", "Yes", 2, "yes", false, "✓", "insufficient", "sufficient", "sufficient", "insufficient", "Worker noticed he missed morning appointments because he took his younger brothers to school, and moved sessions to after four; attendance picked up."},
	{"NB-006", nb, "persister", "No", "N", "no", "n/a", "No", "", "N/A", 1, "n/a", false, "✓", "sufficient", "sufficient", "sufficient", "insufficient", ""},
	{"NB-007", nb, "persister", "Yes", "N", "yes", "No", "Yes", "N", "No", 2, "yes", false, "✓", "insufficient", "insufficient", "insufficient", "insufficient", "Learning styles questionnaire done at the start, but every session was a worksheet."},
	{"NB-008", nb, "persister", "Yes", "N", "no", "n/a", "Yes", "N", "No", 4, "yes", true, "✗", "insufficient", "insufficient", "insufficient", "insufficient", "Four orders in three years and the same thinking skills pack on each one."},
	{"NB-009", nb, "persister", "No", "N", "no", "n/a", "No", "", "N/A", 3, "yes", true, "✓", "insufficient", "insufficient", "insufficient", "sufficient", ""},
	{"NB-010", nb, "persister", "Yes", "Y", "no", "n/a", "Yes", "Y", "Yes", 3, "no", false, "✗", "insufficient", "insufficient", "insufficient", "sufficient", "Several changes of case manager in six months; he said he stopped bothering to explain himself."},
	{"NB-012", nb, "persister", "No", "N", "no", "n/a", "Yes", "N", "No", 4, "no", false, "✓", "sufficient", "insufficient", "insufficient", "sufficient", "Excluded from school in the autumn; no education provision arranged for eleven weeks."},
	{"NB-014", nb, "desister", "Yes", "N", "no", "n/a", "No", "", "N/A", 2, "yes", true, "✓", "sufficient", "sufficient", "insufficient", "sufficient", "Child said his worker really listened and helped him get a place on a college bricklaying course."},
	{"NB-015", nb, "persister", "No", "N", "no", "n/a", "Yes", "N", "No", 1, "n/a", true, "✗", "insufficient", "insufficient", "insufficient", "sufficient", ""},
	{"NB-016", nb, "persister", "No", "N", "no", "n/a", "No", "", "N/A", 4, "yes", false, "✓", "insufficient", "sufficient", "insufficient", "sufficient", ""},
	{"NB-017", nb, "desister", "Yes", "N", "no", "n/a", "Yes", "Y", "No", 2, "no", true, "✓", "sufficient", "sufficient", "sufficient", "sufficient", "Grandmother came to every review and the worker kept her up to date by phone."},
	{"NB-019", nb, "desister", "Yes", "Y", "yes", "No", "Yes", "Y", "Yes", 1, "n/a", false, "✓", "insufficient", "sufficient", "sufficient", "sufficient", "Plan written with the child at his kitchen table; his own words are used in the objectives."},
	{"NB-020", nb, "desister", "Yes", "N", "no", "n/a", "Yes", "N", "No", 1, "n/a", true, "✓", "insufficient", "sufficient", "sufficient", "sufficient", ""},
	{"NB-021", nb, "desister", "Yes", "N", "no", "n/a", "No", "", "N/A", 1, "n/a", true, "✓", "sufficient", "sufficient", "sufficient", "insufficient", "Order ended early for good progress."},
	{"NB-029", nb, "persister", "No", "N", "no", "n/a", "Yes", "N", "No", 2, "yes", true, "✗", "insufficient", "insufficient", "insufficient", "sufficient", ""},
	{"NB-031", nb, "desister", "Yes", "Y", "yes", "No", "No", "", "N/A", 3, "no", true, "✓", "sufficient", "insufficient", "sufficient", "sufficient", ""},
	{"NB-032", nb, "desister", "Yes", "Y", "no", "n/a", "Yes", "N", "No", 1, "n/a", true, "✓", "sufficient", "sufficient", "insufficient", "sufficient", ""},
	{"NB-036", nb, "desister", "No", "N", "yes", "No", "No", "", "N/A", 1, "n/a", true, "✓", "sufficient", "sufficient", "sufficient", "sufficient", "Case transferred from Eastmoor in March."},
	{"NB-037", nb, "desister", "Yes", "Y", "yes", "Yes", "No", "", "N/A", 1, "n/a", true, "✓", "sufficient", "sufficient", "insufficient", "insufficient", ""},
	{"NB-041", nb, "persister", "Yes", "N", "yes", "No", "No", "", "N/A", 4, "no", false, "✗", "insufficient", "sufficient", "insufficient", "insufficient", "Three workers during the order and a five-week gap with no contact after the second one left."},
	{"NB-043", nb, "desister", "Yes", "Y", "no", "n/a", "Yes", "N", "No", 3, "yes", false, "✓", "sufficient", "insufficient", "insufficient", "sufficient", "Worker (Priya) kept in touch by text between sessions; the child said that made the difference."},
	{"NB-044", nb, "desister", "Yes", "N", "no", "n/a", "No", "", "N/A", 2, "no", false, "✓", "sufficient", "sufficient", "insufficient", "sufficient", ""},
	{"EM-002", em, "desisted", "Yes", "Y", "no", "n/a", "Y", "N", "No", 1, "n/a", true, "✓", "sufficient", "sufficient", "sufficient", "sufficient", "Child chose her reparation placement herself; the plan reflects what she said in her self-assessment."},
	{"EM-004", em, "reoffended", "Yes", "N", "no", "n/a", "N", "", "", 3, "yes", true, "✓", "sufficient", "insufficient", "insufficient", "insufficient", ""},
	{"EM-010", em, "desisted", "Yes", "N", "yes", "No", "Y", "N", "No", 1, "n/a", true, "✗", "sufficient", "insufficient", "insufficient", "sufficient", "Allocated worker off sick for much of the order; the child still completed her hours at the food bank."},
	{"EM-012", em, "reoffended", "Yes", "N", "no", "n/a", "Y", "N", "No", 3, "yes", false, "✓", "sufficient", "sufficient", "sufficient", "sufficient", "Cannabis use noted at every review but no referral to the substance misuse service."},
	{"EM-013", em, "desisted", "Yes", "N", "no", "n/a", "Y", "N", "No", 1, "n/a", true, "✓", "sufficient", "sufficient", "sufficient", "sufficient", ""},
	{"EM-015", em, "reoffended", "Yes", "Y", "yes", "Yes", "N", "", "", 2, "yes", true, "✓", "insufficient", "sufficient", "insufficient", "sufficient", ""},
	{"EM-017", em, "reoffended", "Yes", "N", "no", "n/a", "Y", "Y", "No", 2, "yes", false, "✓", "insufficient", "insufficient", "insufficient", "insufficient", "Worker identified bus fares as the barrier but nothing was put in place; breach followed."},
	{"EM-020", em, "desisted", "Yes", "N", "no", "n/a", "N", "", "", 2, "yes", false, "✓", "sufficient", "sufficient", "sufficient", "sufficient", "Mother and stepfather closely involved; the family took up the offer of parenting support."},
	{"EM-021", em, "reoffended", "Yes", "N", "yes", "No", "N", "", "", 4, "yes", true, "✓", "insufficient", "insufficient", "insufficient", "sufficient", "Placed on the group victim awareness course again although he had done it on his last order."},
	{"EM-023", em, "desisted", "Yes", "N", "no", "n/a", "N", "", "", 1, "n/a", true, "✓", "sufficient", "sufficient", "sufficient", "sufficient", ""},
	{"EM-024", em, "desisted", "Yes", "N", "yes", "No", "N", "", "", 2, "no", true, "✓", "sufficient", "insufficient", "sufficient", "sufficient", ""},
	{"EM-025", em, "reoffended", "Yes", "N", "no", "n/a", "Y", "Y", "Yes", 3, "yes", true, "✗", "insufficient", "insufficient", "sufficient", "sufficient", "Case held by a duty worker for most of the order after the allocated worker left."},
	{"EM-032", em, "desisted", "No", "N", "yes", "Yes", "N", "", "", 3, "no", false, "✓", "insufficient", "sufficient", "sufficient", "sufficient", "Dyslexia recognised early; sessions used pictures and short videos rather than written work."},
	{"EM-033", em, "reoffended", "No", "N", "no", "n/a", "N", "", "", 4, "no", true, "✗", "insufficient", "insufficient", "sufficient", "insufficient", ""},
	{"EM-034", em, "desisted", "Yes", "Y", "yes", "Yes", "N", "", "", 2, "yes", false, "✓", "sufficient", "sufficient", "sufficient", "sufficient", "Mentor from the boxing club found her work experience at a bakery; she has since started a traineeship."},
	{"EM-038", em, "desisted", "No", "N", "yes", "Yes", "Y", "Y", "Yes", 3, "no", true, "✓", "insufficient", "sufficient", "sufficient", "sufficient", "Early appointments clashed with her medication; the worker moved them to afternoons and attendance improved."},
	{"EM-040", em, "desisted", "No", "N", "no", "n/a", "N", "", "", 1, "n/a", true, "✓", "sufficient", "insufficient", "sufficient", "insufficient", ""},
	{"EM-041", em, "reoffended", "No", "N", "no", "n/a", "Y", "Y", "No", 3, "yes", false, "✓", "sufficient", "insufficient", "sufficient", "sufficient", ""},
	{"EM-043", em, "reoffended", "No", "N", "yes", "No", "N", "", "", 4, "yes", true, "✓", "sufficient", "sufficient", "insufficient", "insufficient", ""},
	{"EM-044", em, "reoffended", "No", "N", "no", "n/a", "N", "", "", 3, "no", false, "✗", "sufficient", "sufficient", "sufficient", "sufficient", "Living in a B&B after custody; no plan for suitable accommodation until the last month of the licence."},
	{"EM-046", em, "desisted", "Yes", "N", "no", "n/a", "N", "", "", 1, "n/a", true, "✗", "sufficient", "sufficient", "sufficient", "insufficient", ""},
	{"EM-047", em, "reoffended", "No", "N", "no", "n/a", "N", "", "", 2, "yes", false, "✓", "sufficient", "insufficient", "insufficient", "sufficient", ""},
	{"CV-001", cv, "persister", "Yes", "Y", "no", "n/a", "no", "", "N/A", 2, "no", true, "✗", "Sufficient", "Sufficient", "Sufficient", "Sufficient", ""},
	{"CV-003", cv, "persister", "Yes", "Y", "no", "n/a", "no", "", "N/A", 2, "yes", true, "✓", "Sufficient", "Sufficient", "Sufficient", "Insufficient", ""},
	{"CV-004", cv, "persister", "Yes", "N", "yes", "No", "no", "", "N/A", 4, "yes", true, "✗", "Sufficient", "Sufficient", "Insufficient", "Insufficient", "Plan copied from the previous order; no evidence the child's views were sought."},
	{"CV-007", cv, "persister", "No", "N", "no", "n/a", "yes", "Y", "Yes", 5, "no", false, "✓", "Sufficient", "Insufficient", "Sufficient", "Sufficient", "Referred to CAMHS at the start of the order and still waiting at closure."},
	{"CV-008", cv, "not reoffended", "Yes", "Y", "no", "n/a", "no", "", "N/A", 2, "yes", true, "✓", "Sufficient", "Sufficient", "Sufficient", "Insufficient", "Restorative meeting with the shop owner in week six; the child wrote a letter of apology first."},
	{"CV-009", cv, "not reoffended", "Yes", "N", "no", "n/a", "yes", "Y", "Yes", 1, "N/A", false, "✓", "Insufficient", "Sufficient", "Insufficient", "Sufficient", ""},
	{"CV-010", cv, "not reoffended", "No", "N", "yes", "No", "yes", "N", "Yes", 1, "N/A", true, "✓", "Insufficient", "Sufficient", "Sufficient", "Insufficient", "Reparation at the community garden; he asked to carry on after his hours were done."},
	{"CV-017", cv, "persister", "Yes", "N", "no", "n/a", "yes", "N", "Yes", 1, "N/A", true, "✗", "Insufficient", "Insufficient", "Sufficient", "Sufficient", ""},
	{"CV-018", cv, "not reoffended", "No", "N", "no", "n/a", "no", "", "N/A", 1, "N/A", true, "✓", "Sufficient", "Insufficient", "Sufficient", "Sufficient", ""},
	{"CV-021", cv, "persister", "Yes", "N", "yes", "No", "no", "", "N/A", 2, "yes", false, "✓", "Insufficient", "Insufficient", "Insufficient", "Sufficient", ""},
	{"CV-022", cv, "not reoffended", "Yes", "N", "no", "n/a", "no", "", "N/A", 1, "N/A", true, "✗", "Sufficient", "Insufficient", "Insufficient", "Sufficient", "Case transferred in from another area two weeks before the inspection."},
	{"CV-023", cv, "not reoffended", "Yes", "N", "no", "n/a", "no", "", "N/A", 1, "N/A", false, "✓", "Sufficient", "Sufficient", "Sufficient", "Sufficient", ""},
	{"CV-024", cv, "persister", "Yes", "N", "no", "n/a", "no", "", "N/A", 1, "N/A", false, "✓", "Sufficient", "Insufficient", "Insufficient", "Sufficient", ""},
	{"CV-025", cv, "not reoffended", "No", "Y", "no", "n/a", "no", "", "N/A", 1, "N/A", false, "✗", "Sufficient", "Sufficient", "Sufficient", "Insufficient", "No self-assessment on file, but the worker recorded the child's own goals and built the plan around them."},
	{"CV-026", cv, "persister", "No", "N", "no", "n/a", "no", "", "N/A", 3, "yes", false, "✓", "Sufficient", "Sufficient", "Sufficient", "Insufficient", "Older friends linked to the offending are still around; no work done on peer groups."},
	{"CV-031", cv, "persister", "Yes", "N", "yes", "No", "yes", "N", "No", 3, "yes", true, "✓", "Insufficient", "Sufficient", "Sufficient", "Sufficient", "Missed unpaid work sessions led to breach proceedings; barriers were not explored first."},
	{"CV-033", cv, "not reoffended", "No", "N", "no", "n/a", "no", "", "N/A", 1, "N/A", true, "✓", "Sufficient", "Insufficient", "Sufficient", "Insufficient", ""},
	{"CV-034", cv, "not reoffended", "Yes", "N", "no", "n/a", "yes", "N", "No", 1, "N/A", true, "✓", "Sufficient", "Sufficient", "Sufficient", "Sufficient", "Same case manager for the whole order; the child called her someone he could be straight with."},
	{"CV-040", cv, "persister", "No", "N", "no", "n/a", "no", "", "N/A", 4, "no", true, "✗", "Sufficient", "Insufficient", "Sufficient", "Insufficient", ""},
	{"CV-041", cv, "not reoffended", "Yes", "N", "no", "n/a", "no", "", "N/A", 3, "yes", true, "✓", "Sufficient", "Sufficient", "Sufficient", "Sufficient", "Moved in with his partner's family during the order; the worker involved them in the exit plan."},
	{"CV-042", cv, "persister", "No", "N", "yes", "No", "no", "", "N/A", 3, "yes", false, "✓", "Insufficient", "Sufficient", "Sufficient", "Insufficient", ""},
	{"CV-046", cv, "not reoffended", "Yes", "N", "no", "n/a", "no", "", "N/A", 2, "no", true, "✓", "Sufficient", "Insufficient", "Sufficient", "Sufficient", "Worker went with him to the college open day and helped him fill in the application."},
}

// sampleGuidance is the case workbook's second sheet. It has no Case
// column, so desist leaves it out: it shows that such sheets are ignored.
var sampleGuidance = [][]string{
	{"Fill in one row per case on the Case records sheet. Answer yes or no, and put n/a where a question does not apply (barriers when there were no compliance problems, repeated interventions when there was only one order)."},
	{"Inspector notes are free text: record what the file and the child tell you about the work, without names."},
}

// sampleSheet is one sheet of a workbook: its name, whether its first row
// is a header (shown in bold and frozen), its rows of cells and its column
// widths. A cell is a string, an int or a bool; "" is a blank cell.
type sampleSheet struct {
	name   string
	header bool
	rows   [][]any
	widths []float64
}

func participantSheets() []sampleSheet {
	rows := [][]any{strs(sampleParticipantsHeader)}
	for _, p := range sampleParticipants {
		var age any = ""
		if p.Age > 0 {
			age = p.Age
		}
		rows = append(rows, []any{p.ID, p.Role, p.Group, p.YOT, age, p.Gender, p.Order, p.Interviewed})
	}
	return []sampleSheet{{
		name:   "Participants",
		header: true,
		rows:   rows,
		widths: []float64{12, 9, 11, 19, 6, 9, 58, 13},
	}}
}

func caseSheets() []sampleSheet {
	rows := [][]any{strs(sampleCasesHeader)}
	for _, c := range sampleCases {
		rows = append(rows, []any{
			c.Case, c.YOT, c.Outcome, c.SelfAssessment, c.Views,
			c.LearningStyles, c.StyleUsed, c.Compliance, c.BarriersAssessed, c.BarriersPlan,
			c.Orders, c.Repeated, c.Structural, c.Relationship,
			c.Assessment, c.Planning, c.Delivery, c.Reviewing, c.Notes,
		})
	}
	guidance := make([][]any, len(sampleGuidance))
	for i, r := range sampleGuidance {
		guidance[i] = strs(r)
	}
	widths := []float64{10, 19, 14}
	for range 15 {
		widths = append(widths, 13)
	}
	widths = append(widths, 90)
	return []sampleSheet{
		{name: "Case records", header: true, rows: rows, widths: widths},
		{name: "Notes for inspectors", rows: guidance, widths: []float64{150}},
	}
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// cellText is a cell's value as excelize's GetRows gives it back.
func cellText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case bool:
		if v {
			return "TRUE"
		}
		return "FALSE"
	}
	panic(fmt.Sprintf("unexpected cell value %#v", v))
}

// buildWorkbook makes a workbook from sheets, with fixed document
// properties so that regenerating it gives the same file.
func buildWorkbook(title string, sheets []sampleSheet) (*excelize.File, error) {
	f := excelize.NewFile()
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          title,
		Subject:        "Fictional sample study for desist",
		Creator:        "desist sample data (fictional)",
		LastModifiedBy: "desist sample data (fictional)",
		Description:    "Generated from data/sample_test.go: go test ./data -run TestSampleSheets -update",
		Created:        "2016-05-24T00:00:00Z",
		Modified:       "2016-05-24T00:00:00Z",
		Language:       "en-GB",
	}); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), s.name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return nil, err
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return nil, err
				}
				if err := f.SetCellValue(s.name, ref, v); err != nil {
					return nil, err
				}
			}
		}
		for c, w := range s.widths {
			col, err := excelize.ColumnNumberToName(c + 1)
			if err != nil {
				return nil, err
			}
			if err := f.SetColWidth(s.name, col, col, w); err != nil {
				return nil, err
			}
		}
		if s.header {
			last, err := excelize.CoordinatesToCellName(len(s.rows[0]), 1)
			if err != nil {
				return nil, err
			}
			if err := f.SetCellStyle(s.name, "A1", last, bold); err != nil {
				return nil, err
			}
			if err := f.SetPanes(s.name, &excelize.Panes{
				Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			}); err != nil {
				return nil, err
			}
		}
	}
	f.SetActiveSheet(0)
	return f, nil
}

// compareWorkbook checks that f holds exactly sheets' names and cell values
// (as GetRows reads them), reporting the first difference.
func compareWorkbook(t *testing.T, file string, f *excelize.File, sheets []sampleSheet) {
	t.Helper()
	var names []string
	for _, s := range sheets {
		names = append(names, s.name)
	}
	if got := f.GetSheetList(); !slices.Equal(got, names) {
		t.Fatalf("%s: sheets %q, want %q (regenerate with go test ./data -run TestSampleSheets -update)", file, got, names)
	}
	for _, s := range sheets {
		got, err := f.GetRows(s.name)
		if err != nil {
			t.Fatalf("%s: sheet %q: %v", file, s.name, err)
		}
		nrows := max(len(got), len(s.rows))
		for r := range nrows {
			var gotRow []string
			var wantRow []any
			if r < len(got) {
				gotRow = got[r]
			}
			if r < len(s.rows) {
				wantRow = s.rows[r]
			}
			for c := range max(len(gotRow), len(wantRow)) {
				g, w := "", ""
				if c < len(gotRow) {
					g = gotRow[c]
				}
				if c < len(wantRow) {
					w = cellText(wantRow[c])
				}
				if g != w {
					ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
					t.Fatalf("%s: sheet %q cell %s: got %q, want %q (the tables in data/sample_test.go are the source; regenerate with go test ./data -run TestSampleSheets -update)", file, s.name, ref, g, w)
				}
			}
		}
	}
}

// TestSampleSheets keeps the sample study's spreadsheets in step with this
// file. The tables above (sampleParticipants, sampleCases, sampleGuidance)
// are the source of truth for sample/participants.xlsx and
// sample/cases.xlsx: with -update the test writes the workbooks from them;
// without it, it fails at the first cell where a committed workbook differs
// from the tables, so a hand edit of either side without regenerating is
// caught. Run with -v to see the case indicators C1-C15 the sample gives.
func TestSampleSheets(t *testing.T) {
	for _, wb := range []struct {
		name, file, title string
		sheets            []sampleSheet
	}{
		{"participants", sampleParticipantsFile, "Sample participants sheet (fictional)", participantSheets()},
		{"cases", sampleCasesFile, "Sample case sheet (fictional)", caseSheets()},
	} {
		t.Run(wb.name, func(t *testing.T) {
			f, err := buildWorkbook(wb.title, wb.sheets)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			compareWorkbook(t, "built workbook", f, wb.sheets)
			if *update {
				if err := os.MkdirAll(filepath.Dir(wb.file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := f.SaveAs(wb.file); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s", wb.file)
			}
			got, err := excelize.OpenFile(wb.file)
			if err != nil {
				t.Fatalf("%v (create it with go test ./data -run TestSampleSheets -update)", err)
			}
			defer got.Close()
			compareWorkbook(t, wb.file, got, wb.sheets)
			if wb.name == "cases" {
				checkSampleCases(t)
			}
		})
	}
}

// sampleAnswer reads a yes/no cell with the contract's vocabulary: known is
// false for blank and n/a (out of the denominator); ok is false for a value
// the contract would reject.
func sampleAnswer(v string) (yes, known, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "y", "true", "1", "sufficient", "✓", "✔":
		return true, true, true
	case "no", "n", "false", "0", "insufficient", "✗", "✘":
		return false, true, true
	case "", "n/a", "na", "not applicable", "unknown":
		return false, false, true
	}
	return false, false, false
}

// sampleGroup reads an Outcome cell.
func sampleGroup(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "desister", "desisted", "not reoffended":
		return "desister"
	case "persister", "persisted", "reoffended":
		return "persister"
	}
	return ""
}

// checkSampleCases fails if any case cell would be rejected (the sample run
// must exit 0) and logs C1-C15 overall and by group, computed with the
// codebook-spec's rules.
func checkSampleCases(t *testing.T) {
	answer := func(v string) bool { y, _, _ := sampleAnswer(v); return y }
	all := func(sampleCase) bool { return true }
	indicators := []struct {
		id, label string
		value     func(sampleCase) string
		in        func(sampleCase) bool
	}{
		{"C1", "self-assessment completed", func(c sampleCase) string { return c.SelfAssessment }, all},
		{"C2", "views reflected in plan", func(c sampleCase) string { return c.Views }, all},
		{"C3", "views reflected (of self-assessed)", func(c sampleCase) string { return c.Views }, func(c sampleCase) bool { return answer(c.SelfAssessment) }},
		{"C4", "learning styles completed", func(c sampleCase) string { return c.LearningStyles }, all},
		{"C5", "learning style used (of completed)", func(c sampleCase) string { return c.StyleUsed }, func(c sampleCase) bool { return answer(c.LearningStyles) }},
		{"C6", "compliance problems", func(c sampleCase) string { return c.Compliance }, all},
		{"C7", "barriers assessed", func(c sampleCase) string { return c.BarriersAssessed }, func(c sampleCase) bool { return answer(c.Compliance) }},
		{"C8", "plan for barriers", func(c sampleCase) string { return c.BarriersPlan }, func(c sampleCase) bool { return answer(c.Compliance) }},
		{"C9", "interventions repeated", func(c sampleCase) string { return c.Repeated }, func(c sampleCase) bool { return c.Orders > 1 }},
		{"C10", "structural barriers supported", func(c sampleCase) string { return cellText(c.Structural) }, all},
		{"C11", "effective working relationship", func(c sampleCase) string { return c.Relationship }, all},
		{"C12", "assessment strengths (2.1.1c)", func(c sampleCase) string { return c.Assessment }, all},
		{"C13", "planning strengths (2.2.1c)", func(c sampleCase) string { return c.Planning }, all},
		{"C14", "delivery strengths (2.3.1c)", func(c sampleCase) string { return c.Delivery }, all},
		{"C15", "reviewing motivation (2.4.1c)", func(c sampleCase) string { return c.Reviewing }, all},
	}

	seen := map[string]bool{}
	for i, c := range sampleCases {
		row := i + 2
		if c.Case == "" || seen[c.Case] {
			t.Errorf("row %d: case ID %q is blank or repeated", row, c.Case)
		}
		seen[c.Case] = true
		if sampleGroup(c.Outcome) == "" {
			t.Errorf("row %d (%s): outcome %q is not desister or persister", row, c.Case, c.Outcome)
		}
		if c.Orders < 1 || c.Orders > 5 {
			t.Errorf("row %d (%s): %d court orders, want 1 to 5", row, c.Case, c.Orders)
		}
		for _, ind := range indicators {
			if _, _, ok := sampleAnswer(ind.value(c)); !ok {
				t.Errorf("row %d (%s): %q (%s) is not yes, no or n/a", row, c.Case, ind.value(c), ind.id)
			}
		}
	}

	type tally struct{ n, d int }
	pct := func(x tally) string {
		if x.d == 0 {
			return "  -"
		}
		return fmt.Sprintf("%3.0f%%", 100*float64(x.n)/float64(x.d))
	}
	t.Logf("%d cases; indicator: all, desister, persister", len(sampleCases))
	for _, ind := range indicators {
		var total tally
		by := map[string]*tally{"desister": {}, "persister": {}}
		for _, c := range sampleCases {
			yes, known, _ := sampleAnswer(ind.value(c))
			if !ind.in(c) || !known {
				continue
			}
			g := by[sampleGroup(c.Outcome)]
			total.d++
			g.d++
			if yes {
				total.n++
				g.n++
			}
		}
		d, p := *by["desister"], *by["persister"]
		t.Logf("%-3s %-36s %2d/%2d %s   %2d/%2d %s   %2d/%2d %s", ind.id, ind.label,
			total.n, total.d, pct(total), d.n, d.d, pct(d), p.n, p.d, pct(p))
	}
}
