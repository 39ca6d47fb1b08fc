package dataset

import (
	"context"
	"testing"
)

// FuzzRead feeds arbitrary bytes to every dataset file: any input gives a
// dataset or a *ValidationError, never a panic.
func FuzzValidate(f *testing.F) {
	f.Add("companies.csv", "id,name,kind\nA,Alpha,BUYER\nB,Beta,\n")
	f.Add("supply_links.csv", "supplier_id,customer_id,material,since,until,share\nB,A,x,2020-01-01,,0.5\n")
	f.Add("findings.csv", "id,subject_id,category,severity,likelihood,detected,closed\nF,A,ETHICS,3,4,2025-01-01,2025-02-01\n")
	f.Add("codes.csv", "id,title,edition,issued,min_edition,valid_days\nC,T,2,2025-01-01,1,365\n")
	f.Add("acknowledgments.csv", "company_id,code_id,edition,date\nA,C,1,2025-01-01\n")
	f.Add("requests.csv", "\ufeffrequester_id,supplier_id,code_id,date\r\nA,B,C,2025-01-01\r\n")
	f.Add("facilities.csv", "id,company_id,name\n\"F,1\",A,\"x\"\"y\"\n")
	f.Fuzz(func(t *testing.T, name, content string) {
		files := Mem{"companies.csv": []byte("id,name\nA,Alpha\nB,Beta\n")}
		files[name] = []byte(content)
		d, err := ReadAll(context.Background(), files)
		if err != nil {
			if _, ok := err.(*ValidationError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, c := range d.Companies {
			if !ValidID(c.ID) {
				t.Fatalf("invalid id accepted: %q", c.ID)
			}
		}
		for _, l := range d.SupplyLinks {
			if l.SupplierID == l.CustomerID {
				t.Fatalf("self-loop accepted: %+v", l)
			}
			if l.Share != nil && (*l.Share <= 0 || *l.Share > 1) {
				t.Fatalf("share out of range accepted: %v", *l.Share)
			}
		}
	})
}
