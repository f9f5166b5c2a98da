// Package web holds what people see: the templ components and pages, one
// view-model struct per page, the words of every mail, and the static
// assets (embedded, content-hashed). Components receive data and never a
// store; web imports domain types only, never the database or server.
package web
