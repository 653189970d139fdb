package sendleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/safeprim/safeprim/vet/internal/analyzerdoc"
	"github.com/safeprim/safeprim/vet/internal/chanuse"
	"github.com/safeprim/safeprim/vet/internal/flow"
	"github.com/safeprim/safeprim/vet/internal/spawn"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutine sends that block for ever once the receiver's
// select has given up.
var Analyzer = &analysis.Analyzer{
	Name:     "sendleak",
	Doc:      analyzerdoc.Extract(doc, "sendleak"),
	URL:      "https://pkg.go.dev/github.com/safeprim/safeprim/vet/sendleak",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	info := pass.TypesInfo
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur, body := range flow.Funcs(ins) {
		for _, m := range chanuse.MadeIn(info, body) {
			if !m.Unbuffered {
				continue
			}
			checkChan(pass, cur, body, m)
		}
	}
	return nil, nil
}

func checkChan(pass *analysis.Pass, fn inspector.Cursor, body *ast.BlockStmt, m chanuse.Made) {
	info := pass.TypesInfo
	u := chanuse.Of(info, body, m.Var)
	if u.Escapes || len(u.Ranges) > 0 {
		return
	}
	// The goroutines that send on the channel outside a select.
	type sender struct {
		start spawn.Start
		sends []*ast.SendStmt
		loop  bool
	}
	var senders []sender
	for _, s := range spawn.In(info, body) {
		if s.Lit == nil {
			continue
		}
		var sends []*ast.SendStmt
		for _, send := range u.Sends {
			if flow.Contains(s.Lit.Body, send) && !inSelect(fn, send) {
				sends = append(sends, send)
			}
		}
		if len(sends) == 0 {
			continue
		}
		c, _ := fn.FindNode(s.Node)
		_, loop := flow.Loop(c)
		for _, send := range sends {
			if sc, ok := fn.FindNode(send); ok {
				if l, ok := flow.Loop(sc); ok && flow.Contains(s.Lit.Body, l) {
					loop = true
				}
			}
		}
		senders = append(senders, sender{s, sends, loop || len(sends) > 1})
	}
	if len(senders) == 0 {
		return
	}
	// The receiving select, outside the senders.
	var giveUp string
	var selectRecv *ast.UnaryExpr
	for sc := range fn.Preorder((*ast.SelectStmt)(nil)) {
		sel := sc.Node().(*ast.SelectStmt)
		inSender := false
		for _, s := range senders {
			inSender = inSender || flow.Contains(s.start.Lit, sel)
		}
		if inSender {
			continue
		}
		var recv *ast.UnaryExpr
		var other string
		for _, c := range sel.Body.List {
			cc := c.(*ast.CommClause)
			ch, ok := chanuse.CommRecv(cc)
			if !ok {
				continue
			}
			if id, ok := ast.Unparen(ch).(*ast.Ident); ok && info.Uses[id] == m.Var {
				for _, r := range u.Recvs {
					if flow.Contains(cc.Comm, r) {
						recv = r
					}
				}
				continue
			}
			if name, ok := chanuse.GiveUp(info, ch); ok {
				_, inLoop := flow.Loop(sc)
				if !inLoop || flow.Leaves(cc.Body) {
					other = name
				}
			}
		}
		if recv != nil && other != "" {
			giveUp, selectRecv = other, recv
			break
		}
	}
	if selectRecv == nil {
		return
	}
	// A drain: another receive outside the senders.
	for _, r := range u.Recvs {
		if r == selectRecv {
			continue
		}
		inSender := false
		for _, s := range senders {
			inSender = inSender || flow.Contains(s.start.Lit, r)
		}
		if !inSender {
			return
		}
	}
	name := m.Var.Name()
	for i, s := range senders {
		send := s.sends[0]
		d := analysis.Diagnostic{
			Pos: send.Pos(),
			End: send.End(),
			Message: fmt.Sprintf("sendleak: the goroutine's send on %s blocks for ever if the select takes <-%s first (make %s buffered with capacity 1, or use goroutine.Send)",
				name, giveUp, name),
		}
		if len(senders) == 1 && i == 0 && !s.loop {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Give %s a buffer of 1", name),
				TextEdits: []analysis.TextEdit{bufferOne(info, m.Make)},
			}}
		}
		pass.Report(d)
	}
}

// inSelect reports whether the send is a case of a select statement.
func inSelect(fn inspector.Cursor, send *ast.SendStmt) bool {
	c, ok := fn.FindNode(send)
	if !ok {
		return false
	}
	cc, ok := c.Parent().Node().(*ast.CommClause)
	return ok && cc.Comm == send
}

// bufferOne rewrites make(chan T) or make(chan T, 0) to make(chan T, 1).
func bufferOne(info *types.Info, mk *ast.CallExpr) analysis.TextEdit {
	if len(mk.Args) == 2 {
		return analysis.TextEdit{Pos: mk.Args[1].Pos(), End: mk.Args[1].End(), NewText: []byte("1")}
	}
	return analysis.TextEdit{Pos: mk.Args[0].End(), End: mk.Args[0].End(), NewText: []byte(", 1")}
}
