package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
)

const apikeyUsage = `usage:
  supplygraph apikey create --role viewer|editor|admin [--company ID] --name NAME [--quiet]
  supplygraph apikey list
  supplygraph apikey revoke ID
  supplygraph apikey verify KEY      exit 0 if the key works
`

// apikey manages API keys directly in the database (the operator's tool;
// admins can do the same through GraphQL).
func apikey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, apikeyUsage)
		return usageError{errors.New("want a subcommand")}
	}
	fs := newFlagSet("apikey "+args[0], stderr)
	var sf storeFlags
	sf.register(fs)
	role := fs.String("role", "", "viewer, editor or admin")
	company := fs.String("company", "", "scope the key to this supplier and its upstream")
	name := fs.String("name", "", "what the key is for")
	quiet := fs.Bool("quiet", false, "print only the key")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	svc, done, err := sf.service(ctx, stderr)
	if err != nil {
		return err
	}
	defer done()
	switch args[0] {
	case "create":
		r, err := auth.ParseRole(*role)
		if err != nil {
			return usageError{err}
		}
		key, rec, err := svc.CreateKey(ctx, *name, r, *company)
		if err != nil {
			return describe(err)
		}
		if *quiet {
			fmt.Fprintln(stdout, key)
			return nil
		}
		scope := "unscoped"
		if rec.Company != "" {
			scope = "scoped to " + rec.Company
		}
		fmt.Fprintf(stdout, "API key %s (%s, %s, %q). Store it now; it is not shown again:\n%s\n", rec.ID, rec.Role, scope, rec.Name, key)
	case "list":
		keys, err := svc.Keys(ctx)
		if err != nil {
			return describe(err)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tROLE\tCOMPANY\tCREATED\tLAST USED\tREVOKED")
		for _, k := range keys {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Role, dash(k.Company), k.Created.UTC().Format(time.RFC3339), when(k.LastUsed), when(k.Revoked))
		}
		tw.Flush()
	case "revoke":
		if fs.NArg() != 1 {
			return usageError{errors.New("want the id of the key to revoke")}
		}
		k, err := svc.RevokeKey(ctx, fs.Arg(0))
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "revoked API key %s (%q)\n", k.ID, k.Name)
	case "verify":
		if fs.NArg() != 1 {
			return usageError{errors.New("want the key to verify")}
		}
		p, err := svc.Authenticate(ctx, fs.Arg(0))
		if err != nil {
			if domain.KindOf(err) == domain.Unauthenticated {
				return fmt.Errorf("the key does not work: %s", domain.PublicMessage(err))
			}
			return describe(err)
		}
		fmt.Fprintf(stdout, "key %s works (%s)\n", p.KeyID, p.Role)
	default:
		fmt.Fprint(stderr, apikeyUsage)
		return usageError{fmt.Errorf("unknown subcommand %q", args[0])}
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func when(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
