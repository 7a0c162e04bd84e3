;;; chotatsu.el --- chotatsu-lsp with Eglot  -*- lexical-binding: t; -*-

;; Add to your init file (Emacs 29+ has Eglot built in; on Emacs 26.3-28 install it from GNU ELPA,
;; or Debian's elpa-eglot), or load this file.  Markdown needs markdown-mode.

(require 'eglot)

;; One server per project for Markdown and plain-text buffers.  gfm-mode would otherwise send the
;; language id "gfm".  Settings: :profile is "auto", "low", "standard" or "high"; :rules maps a rule
;; id or area to "off", "info", "warning" or "error".
(add-to-list 'eglot-server-programs
             `(((markdown-mode :language-id "markdown")
                (gfm-mode :language-id "markdown")
                (text-mode :language-id "plaintext"))
               . ("chotatsu-lsp"
                  :initializationOptions (:profile "auto" :rules ,(make-hash-table)))))

(defun chotatsu-eglot-ensure ()
  "Start chotatsu-lsp in Markdown buffers and in plain `text-mode' (not in modes derived from it)."
  (when (memq major-mode '(markdown-mode gfm-mode text-mode))
    (eglot-ensure)))

(add-hook 'markdown-mode-hook #'chotatsu-eglot-ensure)
(add-hook 'text-mode-hook #'chotatsu-eglot-ensure)

(provide 'chotatsu)
;;; chotatsu.el ends here
