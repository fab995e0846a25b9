package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// healthz answers « ok », or a 503 when the campaign store does not answer or refuses writes: a load
// balancer then stops sending signers to an instance that would lose their mandates.
func (s *Server) healthz(c *gin.Context) {
	if s.store != nil {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 5*time.Second)
		defer cancel()
		if err := s.store.Ping(ctx); err != nil {
			c.Data(http.StatusServiceUnavailable, "text/plain; charset=utf-8", []byte("store unavailable\n"))
			return
		}
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte("ok\n"))
}
