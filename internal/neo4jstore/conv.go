package neo4jstore

import (
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Converters between domain values and Neo4j parameter and record values.

func dateParam(d domain.Date) any { return neo4j.DateOf(d.Time()) }

func optDateParam(d *domain.Date) any {
	if d == nil {
		return nil
	}
	return dateParam(*d)
}

func optString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func optInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func optFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func integer(v any) int {
	n, _ := v.(int64)
	return int(n)
}

func optIntOf(v any) *int {
	n, ok := v.(int64)
	if !ok {
		return nil
	}
	i := int(n)
	return &i
}

func optFloatOf(v any) *float64 {
	switch x := v.(type) {
	case float64:
		return &x
	case int64:
		f := float64(x)
		return &f
	}
	return nil
}

func dateOf(v any) domain.Date {
	if d, ok := v.(dbtype.Date); ok {
		return domain.DateOf(time.Time(d))
	}
	return 0
}

func optDateOf(v any) *domain.Date {
	if d, ok := v.(dbtype.Date); ok {
		x := domain.DateOf(time.Time(d))
		return &x
	}
	return nil
}

func companyOf(m map[string]any) domain.Company {
	return domain.Company{
		ID: str(m["id"]), Name: str(m["name"]), Kind: domain.CompanyKind(str(m["kind"])),
		Country: str(m["country"]), Disclosure: domain.Disclosure(str(m["disclosure"])),
		Metal: str(m["metal"]), RMIID: str(m["rmiId"]), RMAPStatus: domain.RMAPStatus(str(m["rmapStatus"])),
		RMAPHistory: rmapHistoryOf(m["rmapHistory"]),
	}
}

func facilityOf(m map[string]any, companyID string) domain.Facility {
	return domain.Facility{ID: str(m["id"]), CompanyID: companyID, Name: str(m["name"]), Country: str(m["country"]), Type: str(m["type"])}
}

func codeOf(m map[string]any, issuerID string) domain.Code {
	return domain.Code{ID: str(m["id"]), IssuerID: issuerID, Title: str(m["title"]), Edition: integer(m["edition"]),
		Issued: dateOf(m["issued"]), MinEdition: integer(m["minEdition"]), ValidDays: optIntOf(m["validDays"])}
}

func findingOf(m map[string]any, subjectID string) domain.Finding {
	return domain.Finding{ID: str(m["id"]), SubjectID: subjectID, Category: domain.RiskCategory(str(m["category"])),
		Severity: integer(m["severity"]), Likelihood: integer(m["likelihood"]), Status: domain.FindingStatus(str(m["status"])),
		Source: domain.FindingSource(str(m["source"])), Detected: dateOf(m["detected"]), Closed: optDateOf(m["closed"]),
		Description: str(m["description"]), Clauses: citesOf(m["cites"]), Actions: actionsOf(m["actions"], str(m["id"]))}
}

func linkOf(supplier, customer string, m map[string]any) domain.SupplyLink {
	return domain.SupplyLink{SupplierID: supplier, CustomerID: customer, Material: str(m["material"]),
		Since: optDateOf(m["since"]), Until: optDateOf(m["until"]), Share: optFloatOf(m["share"]), ProposedBy: str(m["proposedBy"])}
}

func recMap(r *neo4j.Record, key string) map[string]any {
	v, _ := r.Get(key)
	m, _ := v.(map[string]any)
	return m
}
